from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("cycles/<int:cycle_pk>/ideas/", views.idea_list, name="list"),
    path("cycles/<int:cycle_pk>/ideas/new/", views.idea_submit, name="submit"),
    path("cycles/<int:cycle_pk>/ideas/paper/", views.idea_paper, name="paper"),
    path("cycles/<int:cycle_pk>/ideas/overview/", views.idea_overview, name="overview"),
    path("cycles/<int:cycle_pk>/ideas/export.csv", views.idea_export, name="export"),
    path("ideas/claim/", views.idea_claim, name="claim"),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="withdraw"),
    path("ideas/<int:pk>/screen/", views.idea_screen, name="screen"),
    path("ideas/<int:pk>/merge/", views.idea_merge, name="merge"),
]
