from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api
from .fast import ballot_door

router = SimpleRouter()
router.register("envelopes", api.EnvelopeViewSet, basename="envelope")


def under_cycle(route, viewset, actions, name):
    """A resource under `cycles/{id}/`: the cycle is the URL's `pk`, so the schema says {id}."""
    return path(f"cycles/<int:pk>/{route}", viewset.as_view(actions), name=name)


# The hottest address of the year, first among the API's (civic_budget/urls.py): Django tries
# the patterns in order, and ~200 came before it (a third of a millisecond a ballot). A
# voter's first ballot is answered by a door in front of the view (fast.py: issue 18).
ballot_urlpatterns = [
    path(
        "cycles/<int:pk>/my-ballot/",
        ballot_door(api.MyBallotViewSet.as_view({"get": "retrieve", "put": "cast"})),
        name="my-ballot",
    ),
]

urlpatterns = [
    under_cycle(
        "envelopes/", api.CycleEnvelopeViewSet, {"get": "list", "post": "create"}, "envelope-list"
    ),
    under_cycle("ballot/", api.BallotViewSet, {"get": "retrieve"}, "ballot"),
    under_cycle(
        "voter-verification/",
        api.VoterVerificationViewSet,
        {"get": "retrieve", "post": "verify"},
        "voter-verification",
    ),
    under_cycle("paper-ballots/", api.PaperBallotViewSet, {"post": "create"}, "paper-ballots"),
    under_cycle(
        "paper-ballots/correction/",
        api.PaperBallotViewSet,
        {"post": "correction"},
        "paper-ballot-correction",
    ),
    under_cycle(
        "voter-roll/", api.VoterRollViewSet, {"get": "retrieve", "post": "upload"}, "voter-roll"
    ),
    under_cycle("turnout/", api.TurnoutViewSet, {"get": "retrieve"}, "turnout"),
    under_cycle("results/", api.ResultsViewSet, {"get": "retrieve"}, "results"),
    under_cycle("results.csv", api.ResultsViewSet, {"get": "csv"}, "results-csv"),
    under_cycle("results.pb", api.ResultsViewSet, {"get": "pb"}, "results-pb"),
    path("receipts/<str:code>/", api.ReceiptViewSet.as_view({"get": "retrieve"}), name="receipt"),
    *router.urls,
]
