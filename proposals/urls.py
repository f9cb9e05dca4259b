from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("cycles/<int:cycle_pk>/proposals/", views.proposal_list, name="list"),
    path("cycles/<int:cycle_pk>/proposals.csv", views.proposal_csv, name="csv"),
    path("cycles/<int:cycle_pk>/proposals/mine/", views.my_proposals, name="mine"),
    path("ideas/<int:idea_pk>/proposal/start/", views.proposal_start, name="start"),
    path("proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("proposals/<int:pk>/valuation/", views.valuation, name="valuation"),
    path("proposals/<int:pk>/attachments/", views.attachment_add, name="attach"),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_file,
        name="attachment_file",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="detach",
    ),
]
