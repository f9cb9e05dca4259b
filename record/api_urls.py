from django.urls import path

from . import api

urlpatterns = [
    path(
        "cycles/<int:pk>/record/",
        api.CycleRecordViewSet.as_view({"get": "list"}),
        name="cycle-record",
    ),
]
