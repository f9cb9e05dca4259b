from django.urls import path

from . import api

urlpatterns = [
    path("me/participation/", api.ParticipationView.as_view(), name="me-participation"),
]
