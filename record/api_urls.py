from django.urls import path

from . import api

urlpatterns = [
    path("cycles/<int:cycle_id>/record/", api.CycleRecordView.as_view(), name="cycle-record"),
]
