from django.urls import path

from . import api

detail = api.VotingPointViewSet


def on_point(route, actions, name):
    return path(f"voting-points/<int:pk>/{route}", detail.as_view(actions), name=name)


urlpatterns = [
    path(
        "cycles/<int:pk>/voting-points/",
        api.CycleVotingPointViewSet.as_view({"get": "list", "post": "create"}),
        name="voting-point-list",
    ),
    on_point("", {"get": "retrieve", "patch": "partial_update"}, "voting-point-detail"),
    on_point("officers/", {"get": "officers", "post": "officers"}, "voting-point-officers"),
    on_point("officers/<int:user>/", {"delete": "remove_officer"}, "voting-point-officer-remove"),
    on_point("observers/", {"get": "observers", "post": "observers"}, "voting-point-observers"),
    on_point(
        "observers/<int:user>/", {"delete": "remove_observer"}, "voting-point-observer-remove"
    ),
    on_point("open/", {"post": "open"}, "voting-point-open"),
    on_point("close/", {"post": "close"}, "voting-point-close"),
    on_point("count/", {"get": "count"}, "voting-point-count"),
]
