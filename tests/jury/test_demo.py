"""The issue's "done when", on the demo data: three jurors score the Terjola proposals (one
declares a conflict), the organizer publishes a justified override, the public sees the ranking."""

import os

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from cycles.models import Cycle
from jury.models import Assignment, Juror
from notifications.models import Notification
from proposals.models import Proposal
from proposals.services import proposal_set_status
from tests import factories as f
from tests.conftest import set_phase

from .conftest import sheet

pytestmark = pytest.mark.django_db


def seed():
    with open(os.devnull, "w") as out:
        call_command("seed_demo", stdout=out)


def test_demo_seats_three_jurors_with_juror1_as_chair_and_is_idempotent(db):
    seed()
    seed()
    cycle = Cycle.objects.get(
        municipality__slug="terjola", year__isnull=False, phase="idea_submission"
    )
    seats = Juror.objects.filter(cycle=cycle).select_related("user")
    assert sorted(s.user.email for s in seats) == [
        "juror1@terjola.demo",
        "juror2@terjola.demo",
        "juror3@terjola.demo",
    ]
    assert seats.get(is_chair=True).user.email == "juror1@terjola.demo"
    assert cycle.criteria.exists()


def test_the_demo_review_from_scoring_to_the_public_ranking(api):
    seed()
    cycle = Cycle.objects.get(municipality__slug="terjola", phase="idea_submission")
    organizer = User.objects.get(email="organizer@terjola.demo")
    for key in ("resident", "resident2", "resident"):  # the demo may bring fewer than three
        if Proposal.objects.filter(cycle=cycle).count() < 3:
            author = User.objects.get(email=f"{key}@terjola.demo")
            f.FeasibleProposalFactory(cycle=cycle, idea__author=author, status="submitted")
    for p in Proposal.objects.filter(cycle=cycle):
        if p.status == "draft":  # the demo's drafts, as if their authors had submitted them
            proposal_set_status(proposal=p, status="submitted", by=p.idea.author)
        proposal_set_status(proposal=p, status="feasible", by=organizer, reason="demo")
    cycle.shortlist_size = 2
    cycle.save()
    set_phase(cycle, "training")
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "jury_review"})
    assert res.status_code == 200, res.json()

    juror2 = User.objects.get(email="juror2@terjola.demo")
    conflicted = Assignment.objects.filter(juror__user=juror2).order_by("id").first()
    res = api(juror2).post(
        f"/api/v1/jury/assignments/{conflicted.pk}/conflict/", {"reason": "My neighbour's idea"}
    )
    assert res.status_code == 200
    for a in Assignment.objects.filter(status="pending").select_related("juror__user"):
        value = 3 + (a.proposal_id % 7)
        res = api(a.juror.user).put(
            f"/api/v1/jury/assignments/{a.pk}/scores/",
            {"scores": sheet(a, value), "submit": True},
            format="json",
        )
        assert res.status_code == 200, res.json()

    ranking = api(organizer).get(f"/api/v1/cycles/{cycle.pk}/ranking/").json()
    last = ranking["rows"][-1]["proposal"]
    chosen = ranking["default_shortlist"][:1] + [last]
    res = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/shortlist/",
        {"proposals": chosen, "justification": "Chkhari has had no project for five years."},
        format="json",
    )
    assert res.status_code == 201, res.json()
    for p in Proposal.objects.filter(cycle=cycle):
        kind = "proposal_shortlisted" if p.pk in chosen else "proposal_not_shortlisted"
        for person in p.authors():
            assert Notification.objects.filter(recipient=person, kind=kind).exists()

    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/cycles/{cycle.pk}/ranking/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chkhari has had no project for five years." in text
    assert "თამარ ლომიძე" in text  # juror names are public, their scores are not
