from django.urls import path

from . import views

app_name = "voting_points"

urlpatterns = [
    path("cycles/<int:pk>/voting-points/", views.cycle_points, name="list"),
    path("voting-points/<int:pk>/", views.point_detail, name="detail"),
    path("voting-points/<int:pk>/edit/", views.point_edit, name="edit"),
    path("voting-points/<int:pk>/members/", views.member_add, name="member-add"),
    path(
        "voting-points/<int:pk>/members/<int:member_pk>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("voting-points/<int:pk>/open/", views.point_open, name="open"),
    path("voting-points/<int:pk>/close/", views.point_close, name="close"),
    path("voting-points/<int:pk>/protocol/", views.protocol, name="protocol"),
]
