from django.urls import path

from . import views

urlpatterns = [
    path("cycles/<int:pk>/record/", views.cycle_record, name="cycle-record"),
]
