"""Races settled by the database, on PostgreSQL with real threads."""

import pytest

from cycles.models import Cycle
from voting import services
from voting.models import Ballot, Choice

from .. import factories as f
from ..conftest import set_phase
from ..races import race_n
from .conftest import ALICE_PN, BIRTH

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(n, fn):
    """fn(0), ..., fn(n - 1) at once through the API; their HTTP statuses (a 500 fails)."""
    return race_n(n, fn, expected=()).statuses


@pytest.fixture(autouse=True)
def _no_rate_limits(monkeypatch):
    """These tests race one account on purpose; the per-account throttle would answer 429."""
    from rest_framework.throttling import SimpleRateThrottle

    for scope in ("user", "ballot"):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "100000/min")


@pytest.fixture
def ballot(terjola):
    cycle = f.CycleFactory(municipality=terjola, year=2027, phase="voting")
    envelope = f.EnvelopeFactory(cycle=cycle)
    projects = [f.BallotProjectFactory(envelope=envelope, cost="5000.00") for _ in range(3)]
    return cycle, envelope, projects


def test_200_simultaneous_puts_for_one_voter_end_with_one_ballot_and_no_500(api, ballot, resident):
    cycle, envelope, projects = ballot
    services.voter_verify(cycle=cycle, user=resident, personal_number=ALICE_PN, birth_date=BIRTH)

    def put(i):
        client = api(resident)
        choice = projects[i % len(projects)].pk
        r = client.put(
            f"/api/v1/cycles/{cycle.pk}/my-ballot/",
            {"envelopes": [{"envelope": envelope.pk, "choices": [choice]}]},
            format="json",
        )
        return r

    codes = run_together(200, put)
    assert set(codes) <= {200, 409}, codes
    assert 200 in codes
    assert Ballot.objects.filter(envelope=envelope).count() == 1
    assert Choice.objects.filter(ballot__envelope=envelope).count() == 1


def test_200_simultaneous_puts_without_changes_allowed_count_exactly_one(api, ballot, resident):
    cycle, envelope, projects = ballot
    Cycle.objects.filter(pk=cycle.pk).update(ballot_changes_allowed=False)
    services.voter_verify(cycle=cycle, user=resident, personal_number=ALICE_PN, birth_date=BIRTH)

    def put(i):
        r = api(resident).put(
            f"/api/v1/cycles/{cycle.pk}/my-ballot/",
            {"envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}]},
            format="json",
        )
        return r

    codes = run_together(200, put)
    assert codes.count(200) == 1, codes
    assert codes.count(409) == 199
    assert Ballot.objects.filter(envelope=envelope).count() == 1


def test_two_paper_ballots_for_one_person_at_two_voting_points_count_once(api, ballot, organizer):
    cycle, envelope, projects = ballot

    def enter(i):
        r = api(organizer).post(
            f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
            {
                "personal_number": "01001054321",
                "birth_date": str(BIRTH),
                "voting_point": ["Chkhari school", "Terjola town hall"][i],
                "envelopes": [{"envelope": envelope.pk, "choices": [projects[i].pk]}],
            },
            format="json",
        )
        return r

    responses = race_n(2, enter, expected=())
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 409], [r.json() for r in responses]
    refused = next(r.json() for r in responses if r.status_code == 409)
    assert refused["error"]["code"] == "already_voted"
    assert Ballot.objects.filter(envelope=envelope).count() == 1


def test_paper_and_online_at_the_same_moment_count_once(api, ballot, resident, organizer):
    cycle, envelope, projects = ballot
    services.voter_verify(cycle=cycle, user=resident, personal_number=ALICE_PN, birth_date=BIRTH)

    def vote(i):
        if i == 0:
            return api(resident).put(
                f"/api/v1/cycles/{cycle.pk}/my-ballot/",
                {"envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}]},
                format="json",
            )
        return api(organizer).post(
            f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
            {
                "personal_number": ALICE_PN,
                "birth_date": str(BIRTH),
                "voting_point": "Chkhari school",
                "envelopes": [{"envelope": envelope.pk, "choices": [projects[1].pk]}],
            },
            format="json",
        )

    codes = run_together(2, vote)
    assert sorted(codes) in ([200, 409], [201, 409]), codes
    assert Ballot.objects.filter(envelope=envelope).count() == 1


def test_one_personal_number_verified_on_two_accounts_at_once_goes_to_one(
    api, ballot, resident, author
):
    cycle, _envelope, _projects = ballot
    set_phase(cycle, "voting")
    users = [resident, author]

    def verify(i):
        return api(users[i]).post(
            f"/api/v1/cycles/{cycle.pk}/voter-verification/",
            {"personal_number": ALICE_PN, "birth_date": str(BIRTH)},
            format="json",
        )

    codes = run_together(2, verify)
    assert sorted(codes) == [200, 409], codes
