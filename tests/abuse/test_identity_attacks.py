"""The identity attack walk, on PostgreSQL: each attack of issue 14 that this part covers is
tried as an attacker would and shown refused — a roll with a bad row, a number not on the roll,
the paper-ballot takeover, every frozen rule and the envelopes during the vote."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.models import Cycle
from voting.models import Ballot, Envelope, VoterKey, VoterRollEntry

from .. import factories as f
from ..conftest import set_phase

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BOB = "01001054321"
BOB_BIRTH = datetime.date(1979, 6, 1)
ALICE = "01001012345"
ALICE_BIRTH = datetime.date(1985, 3, 14)


@pytest.fixture
def vote(api, terjola, organizer):
    """Terjola runs its vote with a roll: Alice and Bob are on it; Bob votes on paper."""
    cycle = f.CycleFactory(municipality=terjola, year=2026, phase="jury_review")
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("30000.00"))
    projects = [
        f.BallotProjectFactory(envelope=envelope, title=t, cost=Decimal("5000.00"))
        for t in ("Road", "Lights")
    ]
    roll = (
        "personal_number,birth_date,community\n"
        f"{ALICE},{ALICE_BIRTH.isoformat()},chkhari\n"
        f"{BOB},{BOB_BIRTH.isoformat()},\n"
        "0100101234X,1980-01-01,\n"  # a bad row
    )
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/voter-roll/",
        {"file": SimpleUploadedFile("roll.csv", roll.encode())},
        format="multipart",
    )
    assert r.status_code == 200
    assert r.json()["imported"] == 2 and r.json()["rejected"][0]["line"] == 4
    r = api(organizer).patch(
        f"/api/v1/cycles/{cycle.pk}/", {"voter_roll_required": True}, format="json"
    )
    assert r.status_code == 200
    set_phase(cycle, "voting")
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
        {
            "personal_number": BOB,
            "birth_date": BOB_BIRTH.isoformat(),
            "voting_point": f.officer_point(cycle, organizer, "Terjola town hall"),
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[1].pk]}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    return cycle, envelope, projects


def test_a_bad_roll_row_is_not_imported(vote):
    assert VoterRollEntry.objects.filter(cycle=vote[0]).count() == 2


def test_a_number_not_on_the_roll_cannot_vote_online_or_on_paper(api, vote, terjola, organizer):
    cycle, envelope, projects = vote
    stranger = f.UserFactory(municipality=terjola, birth_date=datetime.date(1990, 1, 1))
    r = api(stranger).post(
        f"/api/v1/cycles/{cycle.pk}/voter-verification/",
        {"personal_number": "02002000002", "birth_date": "1990-01-01"},
        format="json",
    )
    assert r.status_code == 403 and "contact the municipality" in r.json()["error"]["message"]
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
        {
            "personal_number": "02002000002",
            "birth_date": "1990-01-01",
            "voting_point": f.officer_point(cycle, organizer, "Terjola town hall"),
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}],
        },
        format="json",
    )
    assert r.status_code == 403
    assert Ballot.objects.filter(envelope=envelope).count() == 1  # Bob's paper ballot only


def test_the_paper_ballot_takeover_is_refused_and_shows_nothing(api, vote, terjola):
    cycle, envelope, projects = vote
    mallory = f.UserFactory(municipality=terjola, birth_date=datetime.date(1970, 1, 1))
    # she knows Bob's number (not secret) and tries her own, then any adult birth date
    for birth in ("1970-01-01", "1979-06-02"):
        r = api(mallory).post(
            f"/api/v1/cycles/{cycle.pk}/voter-verification/",
            {"personal_number": BOB, "birth_date": birth},
            format="json",
        )
        assert r.status_code in (400, 403, 409)
    assert VoterKey.objects.get(cycle=cycle).user is None
    mine = api(mallory).get(f"/api/v1/cycles/{cycle.pk}/my-ballot/").json()
    assert mine == {
        "verified": False,
        "ballot_changes_allowed": True,
        "voted_on_paper": None,
        "envelopes": [],
    }


FROZEN = {
    "tally_rule": "equalshares/add1",
    "total_budget": "1.00",
    "min_voter_age": 30,
    "ballot_changes_allowed": False,
    "ballot_kind": "approval",
    "voter_roll_required": False,
}


@pytest.mark.parametrize("field", list(FROZEN))
def test_every_rule_is_frozen_during_the_vote(api, vote, organizer, field):
    cycle = vote[0]
    before = Cycle.objects.filter(pk=cycle.pk).values(*FROZEN).get()
    r = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", {field: FROZEN[field]}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    assert Cycle.objects.filter(pk=cycle.pk).values(*FROZEN).get() == before


def test_envelopes_are_frozen_during_the_vote(api, vote, organizer):
    cycle, envelope, _projects = vote
    client = api(organizer)
    assert (
        client.post(
            f"/api/v1/cycles/{cycle.pk}/envelopes/", {"budget": "1.00"}, format="json"
        ).status_code
        == 409
    )
    assert (
        client.patch(
            f"/api/v1/envelopes/{envelope.pk}/", {"budget": "1.00"}, format="json"
        ).status_code
        == 409
    )
    assert client.delete(f"/api/v1/envelopes/{envelope.pk}/").status_code == 409
    assert Envelope.objects.get(pk=envelope.pk).budget == Decimal("30000.00")
