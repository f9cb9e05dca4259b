from django.urls import path

from . import api

urlpatterns = [
    # under cycles/{id}/: the cycle is the URL's `pk`, so the schema says {id}
    path(
        "cycles/<int:pk>/broadcasts/",
        api.BroadcastViewSet.as_view({"get": "list", "post": "create"}),
        name="broadcasts",
    ),
    path(
        "cycles/<int:pk>/broadcasts/preview/",
        api.BroadcastViewSet.as_view({"post": "preview"}),
        name="broadcast-preview",
    ),
]
