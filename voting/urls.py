from django.urls import path

from . import results_views, views

app_name = "voting"

urlpatterns = [
    path("cycles/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("cycles/<int:pk>/ballot/print/", views.ballot_print, name="ballot-print"),
    path("cycles/<int:pk>/voter-verification/", views.verification, name="verification"),
    path("receipts/", views.receipt, name="receipt"),
    path("cycles/<int:pk>/paper-ballots/", views.paper, name="paper"),
    path("cycles/<int:pk>/paper-ballots/correct/", views.correct_paper, name="correct-paper"),
    path("cycles/<int:pk>/envelopes/", views.envelopes, name="envelopes"),
    path("cycles/<int:pk>/envelopes/<int:envelope_pk>/", views.envelopes, name="envelope-edit"),
    path(
        "cycles/<int:pk>/envelopes/<int:envelope_pk>/delete/",
        views.envelope_delete,
        name="envelope-delete",
    ),
    path("cycles/<int:pk>/voter-roll/", views.voter_roll, name="voter-roll"),
    path("cycles/<int:pk>/turnout/", results_views.turnout_page, name="turnout"),
    path("cycles/<int:pk>/results/", results_views.results_page, name="results"),
    path("cycles/<int:pk>/results/compare/", results_views.compare, name="compare"),
]
