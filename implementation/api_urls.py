from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("funded", api.FundedProjectViewSet, basename="funded")

urlpatterns = [
    # under cycles/{id}/: the cycle is the URL's `pk`, so the schema says {id}
    path(
        "cycles/<int:pk>/funded/",
        api.CycleFundedViewSet.as_view({"get": "list", "post": "create"}),
        name="cycle-funded",
    ),
    *router.urls,
]
