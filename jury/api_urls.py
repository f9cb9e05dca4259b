from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("jury/assignments", api.AssignmentViewSet, basename="jury-assignment")

jurors = api.JurorViewSet.as_view({"get": "list", "post": "create"})
criteria = api.CriterionViewSet.as_view({"get": "list", "post": "create"})
ranking = api.CycleJuryViewSet.as_view({"get": "ranking"})
shortlist = api.CycleJuryViewSet.as_view({"post": "shortlist"})
progress = api.CycleJuryViewSet.as_view({"get": "progress"})

urlpatterns = [
    path("cycles/<int:pk>/jurors/", jurors, name="cycle-jurors"),
    path("cycles/<int:pk>/criteria/", criteria, name="cycle-criteria"),
    path("cycles/<int:pk>/ranking/", ranking, name="cycle-ranking"),
    path("cycles/<int:pk>/shortlist/", shortlist, name="cycle-shortlist"),
    path("cycles/<int:pk>/jury-progress/", progress, name="cycle-jury-progress"),
    *router.urls,
]
