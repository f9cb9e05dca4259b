"""Each voting write path, called through the real API in every phase, by every kind of caller.

The tables are written by hand from what the vote means (not read from the phase table):
organizers split the budget until voting opens; residents verify themselves from the jury's
review on and cast during the vote; staff enter paper ballots only while voting is open. Each
body is valid, so an allowed caller gets a 2xx, and a refusal can only come from who they are
(401, 403) or when it is (409). Each call runs in a savepoint that is rolled back, so one
caller's success does not change what the next one meets.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from voting.models import Ballot, BallotProject, Envelope, VoterKey, voter_key_for

from .. import factories as f
from ..conftest import set_phase
from .conftest import ALICE_PN, BIRTH, BOB_PN

pytestmark = pytest.mark.django_db

PHASES = [
    "draft",
    "idea_submission",
    "training",
    "jury_review",
    "voting",
    "results",
    "implementation",
    "closed",
]
STAFF = ["anonymous", "resident", "outsider", "organizer", "vani_organizer"]


@pytest.fixture
def world(cycle, resident, author, outsider, organizer, vani_organizer):
    """Terjola's cycle with an envelope of one project; Alice (`resident`) verified as a voter,
    Bob (`author`) a resident who is not; a paper ballot already entered for a third person."""
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("30000.00"))
    project = f.BallotProjectFactory(envelope=envelope, cost=Decimal("5000.00"))
    VoterKey.objects.create(cycle=cycle, key=voter_key_for(ALICE_PN), user=resident)
    on_paper = VoterKey.objects.create(cycle=cycle, key=voter_key_for("02002000002"), voted=True)
    # the organizer is also the officer of the point (officers enter, organizers correct)
    point = f.open_point(cycle, "Chkhari school", organizer)
    Ballot.objects.create(
        envelope=envelope, voter_tag=on_paper.tag, channel="paper", voting_point=point
    )
    people = {
        "anonymous": None,
        "resident": resident,
        "voter": resident,
        "unverified": author,
        "outsider": outsider,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }
    return cycle, envelope, project, people


def point_id(cycle):
    return cycle.voting_points.get().pk


def statuses(api, world, phase, roles, call):
    """The status each role gets for `call(client)` with the cycle in `phase`, each rolled back."""
    cycle, _envelope, _project, people = world
    set_phase(cycle, phase)
    out = []
    for role in roles:
        with transaction.atomic():
            out.append(call(api(people[role])).status_code)
            transaction.set_rollback(True)
    return out


def ballot(project):
    return {"envelopes": [{"envelope": project.envelope_id, "choices": [project.pk]}]}


# --- managing envelopes: organizers of Terjola, until voting opens ---

ENVELOPES = {
    "draft": [401, 403, 403, 201, 403],
    "idea_submission": [401, 403, 403, 201, 403],
    "training": [401, 403, 403, 201, 403],
    "jury_review": [401, 403, 403, 201, 403],
    "voting": [401, 403, 403, 409, 403],
    "results": [401, 403, 403, 409, 403],
    "implementation": [401, 403, 403, 409, 403],
    "closed": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_adding_an_envelope_in_each_phase(api, world, phase):
    cycle, *_ = world
    community = cycle.municipality.communities.get(slug="chkhari")
    body = {"community": community.pk, "budget": "10000.00", "ballot_kind": "approval"}
    url = f"/api/v1/cycles/{cycle.pk}/envelopes/"
    assert statuses(api, world, phase, STAFF, lambda c: c.post(url, body)) == ENVELOPES[phase]


@pytest.mark.parametrize("phase", PHASES)
def test_changing_an_envelope_in_each_phase(api, world, phase):
    _cycle, envelope, *_ = world
    url = f"/api/v1/envelopes/{envelope.pk}/"
    got = statuses(api, world, phase, STAFF, lambda c: c.patch(url, {"budget": "20000.00"}))
    assert got == [200 if s == 201 else s for s in ENVELOPES[phase]]


@pytest.mark.parametrize("phase", PHASES)
def test_removing_an_envelope_in_each_phase(api, world, phase):
    cycle, *_ = world
    spare = Envelope.objects.create(
        cycle=cycle,
        community=cycle.municipality.communities.get(slug="chkhari"),
        budget=Decimal("1000.00"),
    )
    url = f"/api/v1/envelopes/{spare.pk}/"
    got = statuses(api, world, phase, STAFF, lambda c: c.delete(url))
    assert got == [204 if s == 201 else s for s in ENVELOPES[phase]]


# --- verifying as a voter: residents of Terjola (organizers live there too), during the
# jury's review and the vote ---

VERIFY = {
    "draft": [401, 409, 403, 409, 403],
    "idea_submission": [401, 409, 403, 409, 403],
    "training": [401, 409, 403, 409, 403],
    "jury_review": [401, 200, 403, 200, 403],
    "voting": [401, 200, 403, 200, 403],
    "results": [401, 409, 403, 409, 403],
    "implementation": [401, 409, 403, 409, 403],
    "closed": [401, 409, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_verifying_as_a_voter_in_each_phase(api, world, phase):
    cycle, *_ = world
    body = {"personal_number": BOB_PN, "birth_date": str(BIRTH)}
    url = f"/api/v1/cycles/{cycle.pk}/voter-verification/"
    roles = ["anonymous", "unverified", "outsider", "organizer", "vani_organizer"]
    assert statuses(api, world, phase, roles, lambda c: c.post(url, body)) == VERIFY[phase]


# --- casting online: a verified voter, during the vote only. A resident who has not verified
# is refused (403) only once the phase lets anyone cast. ---

CAST_ROLES = ["anonymous", "voter", "unverified", "outsider", "organizer"]
CAST = {
    "draft": [401, 409, 409, 403, 409],
    "idea_submission": [401, 409, 409, 403, 409],
    "training": [401, 409, 409, 403, 409],
    "jury_review": [401, 409, 409, 403, 409],
    "voting": [401, 200, 403, 403, 403],
    "results": [401, 409, 409, 403, 409],
    "implementation": [401, 409, 409, 403, 409],
    "closed": [401, 409, 409, 403, 409],
}


@pytest.mark.parametrize("phase", PHASES)
def test_casting_a_ballot_in_each_phase(api, world, phase):
    cycle, _envelope, project, _people = world
    url = f"/api/v1/cycles/{cycle.pk}/my-ballot/"
    got = statuses(api, world, phase, CAST_ROLES, lambda c: c.put(url, ballot(project)))
    assert got == CAST[phase]


# --- paper ballots: organizers of Terjola, while voting is open ---

PAPER = {
    "draft": [401, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 409, 403],
    "training": [401, 403, 403, 409, 403],
    "jury_review": [401, 403, 403, 409, 403],
    "voting": [401, 403, 403, 201, 403],
    "results": [401, 403, 403, 409, 403],
    "implementation": [401, 403, 403, 409, 403],
    "closed": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_entering_a_paper_ballot_in_each_phase(api, world, phase):
    cycle, _envelope, project, _people = world
    body = {
        "personal_number": "03003000003",
        "birth_date": str(BIRTH),
        "voting_point": point_id(cycle),
        **ballot(project),
    }
    url = f"/api/v1/cycles/{cycle.pk}/paper-ballots/"
    assert statuses(api, world, phase, STAFF, lambda c: c.post(url, body)) == PAPER[phase]


@pytest.mark.parametrize("phase", PHASES)
def test_correcting_a_paper_ballot_in_each_phase(api, world, phase):
    cycle, _envelope, project, _people = world
    body = {
        "personal_number": "02002000002",
        "birth_date": str(BIRTH),
        "voting_point": point_id(cycle),
        "reason": "The box was ticked in the wrong row.",
        **ballot(project),
    }
    url = f"/api/v1/cycles/{cycle.pk}/paper-ballots/correction/"
    got = statuses(api, world, phase, STAFF, lambda c: c.post(url, body))
    assert got == [200 if s == 201 else s for s in PAPER[phase]]


def test_a_refused_call_changes_nothing(api, world):
    """The 403s and 409s above are refusals, not failures half-way: nothing was written."""
    cycle, envelope, project, people = world
    set_phase(cycle, "results")
    before = (Envelope.objects.count(), BallotProject.objects.count(), Ballot.objects.count())
    api(people["organizer"]).post(
        f"/api/v1/cycles/{cycle.pk}/envelopes/", {"budget": "1000.00"}, format="json"
    )
    api(people["voter"]).put(f"/api/v1/cycles/{cycle.pk}/my-ballot/", ballot(project))
    api(people["resident"]).post(f"/api/v1/cycles/{cycle.pk}/paper-ballots/", {})
    after = (Envelope.objects.count(), BallotProject.objects.count(), Ballot.objects.count())
    assert after == before
    assert envelope.budget == Envelope.objects.get(pk=envelope.pk).budget
