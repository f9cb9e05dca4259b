from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("jury/assignments", api.AssignmentViewSet, basename="jury-assignment")

urlpatterns = [
    path("cycles/<int:pk>/jurors/", api.JurorListView.as_view(), name="cycle-jurors"),
    path("cycles/<int:pk>/criteria/", api.CriterionListView.as_view(), name="cycle-criteria"),
    path("cycles/<int:pk>/ranking/", api.RankingView.as_view(), name="cycle-ranking"),
    path("cycles/<int:pk>/shortlist/", api.ShortlistView.as_view(), name="cycle-shortlist"),
    path("cycles/<int:pk>/jury-progress/", api.ProgressView.as_view(), name="cycle-jury-progress"),
    path(
        "jury/assignments/<int:pk>/reopen/",
        api.ReopenView.as_view(),
        name="jury-assignment-reopen",
    ),
    *router.urls,
]
