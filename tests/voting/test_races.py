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
    """fn(0), ..., fn(n - 1) at once; what each returned, a response as its HTTP status (any
    exception, or a 500, fails the test: tests/races.py)."""
    return [getattr(o, "status_code", o) for o in race_n(n, fn, expected=())]


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
        return r.status_code

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
        return r.status_code

    codes = run_together(200, put)
    assert codes.count(200) == 1, codes
    assert codes.count(409) == 199
    assert Ballot.objects.filter(envelope=envelope).count() == 1


def test_two_officers_entering_one_person_at_two_voting_points_count_once(api, ballot):
    cycle, envelope, projects = ballot
    officers = [f.UserFactory(name=f"Officer {i}") for i in range(2)]
    points = [
        f.open_point(cycle, name, officer)
        for name, officer in zip(("Chkhari school", "Terjola town hall"), officers, strict=True)
    ]

    def enter(i):
        r = api(officers[i]).post(
            f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
            {
                "personal_number": "01001054321",
                "birth_date": str(BIRTH),
                "voting_point": points[i].pk,
                "envelopes": [{"envelope": envelope.pk, "choices": [projects[i].pk]}],
            },
            format="json",
        )
        return r.status_code, r.json()

    results = run_together(2, enter)
    codes = sorted(code for code, _ in results)
    assert codes == [201, 409], results
    refused = next(body for code, body in results if code == 409)
    assert refused["error"]["code"] == "already_voted"
    assert Ballot.objects.filter(envelope=envelope).count() == 1


def test_two_officers_of_one_point_entering_one_person_at_once_count_once(api, ballot):
    cycle, envelope, projects = ballot
    officers = [f.UserFactory(name=f"Officer {i}") for i in range(2)]
    point = f.open_point(cycle, "Chkhari school", *officers)

    def enter(i):
        return (
            api(officers[i])
            .post(
                f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
                {
                    "personal_number": "01001054321",
                    "birth_date": str(BIRTH),
                    "voting_point": point.pk,
                    "envelopes": [{"envelope": envelope.pk, "choices": [projects[i].pk]}],
                },
                format="json",
            )
            .status_code
        )

    assert sorted(run_together(2, enter)) == [201, 409]
    assert Ballot.objects.filter(envelope=envelope, voting_point=point).count() == 1


def test_ballots_racing_the_close_are_either_counted_in_the_protocol_or_refused(api, ballot):
    """Twenty ballots and the close at once: each ballot is in before the close (and in the
    protocol's count) or refused with 409; none is entered after the close."""
    cycle, envelope, projects = ballot
    officer = f.UserFactory(name="Officer")
    point = f.open_point(cycle, "Chkhari school", officer)

    def act(i):
        if i == 0:
            r = api(officer).post(
                f"/api/v1/voting-points/{point.pk}/close/",
                {"ballots_issued": 20, "spoiled": 0, "signatures": ["Nino"], "note": ""},
                format="json",
            )
            return "close", r.status_code
        r = api(officer).post(
            f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
            {
                "personal_number": f"0100100{i:04d}",
                "birth_date": str(BIRTH),
                "voting_point": point.pk,
                "envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}],
            },
            format="json",
        )
        return "ballot", r.status_code

    results = run_together(21, act)
    assert ("close", 200) in results, results
    accepted = sum(1 for kind, code in results if kind == "ballot" and code == 201)
    refused = [code for kind, code in results if kind == "ballot" and code != 201]
    assert set(refused) <= {409}, results
    point.refresh_from_db()
    entered = Ballot.objects.filter(voting_point=point)
    assert entered.count() == accepted == point.ballots_entered
    assert not entered.filter(created_at__gt=point.closed_at).exists()


def test_paper_and_online_at_the_same_moment_count_once(api, ballot, resident, organizer):
    cycle, envelope, projects = ballot
    point = f.open_point(cycle, "Chkhari school", organizer)
    services.voter_verify(cycle=cycle, user=resident, personal_number=ALICE_PN, birth_date=BIRTH)

    def vote(i):
        if i == 0:
            return (
                api(resident)
                .put(
                    f"/api/v1/cycles/{cycle.pk}/my-ballot/",
                    {"envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}]},
                    format="json",
                )
                .status_code
            )
        return (
            api(organizer)
            .post(
                f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
                {
                    "personal_number": ALICE_PN,
                    "birth_date": str(BIRTH),
                    "voting_point": point.pk,
                    "envelopes": [{"envelope": envelope.pk, "choices": [projects[1].pk]}],
                },
                format="json",
            )
            .status_code
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
        return (
            api(users[i])
            .post(
                f"/api/v1/cycles/{cycle.pk}/voter-verification/",
                {"personal_number": ALICE_PN, "birth_date": str(BIRTH)},
                format="json",
            )
            .status_code
        )

    codes = run_together(2, verify)
    assert sorted(codes) == [200, 409], codes
