from django.urls import path
from rest_framework.routers import DynamicRoute, Route, SimpleRouter

from . import api


class MeRouter(SimpleRouter):
    """Routes for a resource that is one per user and has no id: `me/` itself (GET, PATCH) and
    its @actions below it (`me/verify-phone/`)."""

    routes = [
        Route(
            url=r"^{prefix}{trailing_slash}$",
            mapping={"get": "retrieve", "patch": "partial_update"},
            name="{basename}",
            detail=False,
            initkwargs={"suffix": "Instance"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{url_path}{trailing_slash}$",
            name="{basename}-{url_name}",
            detail=False,
            initkwargs={},
        ),
    ]


router = SimpleRouter()
router.register("auth", api.AuthViewSet, basename="auth")
me = MeRouter()
me.register("me", api.MeViewSet, basename="me")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("auth/token/refresh/", api.RefreshView.as_view(), name="token-refresh"),
    *router.urls,
    *me.urls,
]
