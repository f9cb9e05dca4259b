from django.urls import path

from .api import views

urlpatterns = [
    path("cycles/<int:pk>/envelopes/", views.EnvelopeListView.as_view(), name="envelope-list"),
    path("envelopes/<int:pk>/", views.EnvelopeDetailView.as_view(), name="envelope-detail"),
    path("cycles/<int:pk>/ballot/", views.BallotView.as_view(), name="ballot"),
    path(
        "cycles/<int:pk>/voter-verification/",
        views.VoterVerificationView.as_view(),
        name="voter-verification",
    ),
    path("cycles/<int:pk>/my-ballot/", views.MyBallotView.as_view(), name="my-ballot"),
    path("cycles/<int:pk>/paper-ballots/", views.PaperBallotView.as_view(), name="paper-ballots"),
    path(
        "cycles/<int:pk>/paper-ballots/correction/",
        views.PaperCorrectionView.as_view(),
        name="paper-ballot-correction",
    ),
    path("receipts/<str:code>/", views.ReceiptView.as_view(), name="receipt"),
    path("cycles/<int:pk>/turnout/", views.TurnoutView.as_view(), name="turnout"),
    path("cycles/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("cycles/<int:pk>/results.csv", views.ResultsCsvView.as_view(), name="results-csv"),
    path("cycles/<int:pk>/results.pb", views.ResultsPbView.as_view(), name="results-pb"),
]
