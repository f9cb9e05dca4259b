from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("funded", api.FundedProjectViewSet, basename="funded")

urlpatterns = [
    path("cycles/<int:cycle_id>/funded/", api.CycleFundedView.as_view(), name="cycle-funded"),
    *router.urls,
]
