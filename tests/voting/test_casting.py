"""Casting and changing a ballot online: the server enforces each ballot kind and one ballot."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from voting.models import Ballot, Envelope, VoterKey

from .. import factories as f
from .conftest import ids

pytestmark = pytest.mark.django_db


def put(api, user, cycle, envelopes):
    return api(user).put(
        f"/api/v1/cycles/{cycle.pk}/my-ballot/", {"envelopes": envelopes}, format="json"
    )


def test_a_verified_resident_casts_a_knapsack_ballot_and_gets_a_receipt(
    api, voting, voter, projects, envelope
):
    r = put(
        api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Library")}]
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["verified"] is True
    [cast] = body["envelopes"]
    assert cast["choices"] == sorted(ids(projects, "Road", "Library"))
    assert len(cast["receipt"]) == 16 and cast["channel"] == "online"
    assert api().get(f"/api/v1/receipts/{cast['receipt']}/").json() == {
        "receipt": cast["receipt"],
        "counted": True,
    }


def test_the_ballot_received_message_carries_the_receipt_but_the_outbox_row_does_not(
    api, voting, voter, projects, envelope
):
    import json

    from notifications.models import Notification
    from notifications.services.rendering import render

    r = put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    receipt = r.json()["envelopes"][0]["receipt"]
    notes = list(Notification.objects.filter(kind="ballot_received", recipient=voter))
    assert notes
    for note in notes:
        assert receipt in render(note, "body")  # the message the voter gets says it
        stored = json.dumps(note.context) + note.dedupe_key + note.subject
        assert receipt not in stored  # the row at rest does not


def test_a_knapsack_ballot_over_the_budget_says_by_how_much(api, voting, voter, projects, envelope):
    r = put(
        api,
        voter,
        voting,
        [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Playground", "Library")}],
    )
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid"
    [message] = error["fields"]["envelopes.0.choices"]
    assert "35000.00" in message and "30000.00" in message and "5000.00" in message
    assert not Ballot.objects.exists()


def test_a_knapsack_ballot_below_the_minimum_share_is_refused(
    api, voting, voter, projects, envelope
):
    Envelope.objects.filter(pk=envelope.pk).update(min_share=Decimal("0.50"))
    r = put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Library")}])
    assert r.status_code == 400
    assert "15000.00" in r.json()["error"]["fields"]["envelopes.0.choices"][0]


def test_an_approval_ballot_allows_at_most_k_projects(api, voting, voter, projects, envelope):
    Envelope.objects.filter(pk=envelope.pk).update(ballot_kind="approval", max_choices=2)
    r = put(
        api,
        voter,
        voting,
        [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Playground", "Library")}],
    )
    assert r.status_code == 400
    assert "at most 2" in r.json()["error"]["fields"]["envelopes.0.choices"][0]
    r = put(
        api,
        voter,
        voting,
        [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Playground")}],
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    "choices, says",
    [
        ({"ROAD": 4, "PLAY": 1}, "at most 3 per project"),
        ({"ROAD": 3, "PLAY": 3, "LIB": 3}, "you have 5"),
        (["ROAD"], "points per project"),
        ({"ROAD": -1}, "0 or more"),
        ({"ROAD": "x"}, "whole number"),
        ({"ROAD": 0}, "at least one point"),
    ],
)
def test_a_cumulative_ballot_is_checked_point_by_point(
    api, voting, voter, projects, envelope, choices, says
):
    Envelope.objects.filter(pk=envelope.pk).update(
        ballot_kind="cumulative", points=5, max_points_per_project=3
    )
    names = dict(zip(["ROAD", "PLAY", "LIB"], (str(p.pk) for p in projects), strict=True))
    if isinstance(choices, dict):
        choices = {names[k]: v for k, v in choices.items()}
    else:
        choices = [int(names[k]) for k in choices]
    r = put(api, voter, voting, [{"envelope": envelope.pk, "choices": choices}])
    assert r.status_code == 400
    assert says in r.json()["error"]["fields"]["envelopes.0.choices"][0]


def test_a_valid_cumulative_ballot_is_stored_with_its_points(
    api, voting, voter, projects, envelope
):
    Envelope.objects.filter(pk=envelope.pk).update(
        ballot_kind="cumulative", points=5, max_points_per_project=3
    )
    road, play, _lib = projects
    r = put(
        api,
        voter,
        voting,
        [{"envelope": envelope.pk, "choices": {str(road.pk): 3, str(play.pk): 2}}],
    )
    assert r.status_code == 200, r.json()
    assert r.json()["envelopes"][0]["choices"] == {str(road.pk): 3, str(play.pk): 2}


@pytest.mark.parametrize(
    "payload",
    [
        {"envelopes": []},
        {"envelopes": "x"},
        {"envelopes": [1]},
        {"envelopes": [{"envelope": "a", "choices": []}]},
        {"envelopes": [{"envelope": 999999, "choices": [1]}]},
        {"envelopes": [{"envelope": 99999999999999999999999, "choices": [1]}]},
        {"envelopes": [{"choices": [1]}]},
        {"envelopes": [{"envelope": "ENV", "choices": 5}]},
        {"envelopes": [{"envelope": "ENV", "choices": [None, {}]}]},
        {"envelopes": [{"envelope": "ENV", "choices": ["PID", "PID"]}]},
        {"envelopes": [{"envelope": "ENV", "choices": [999999]}]},
        {"envelopes": [{"envelope": "ENV", "choices": []}]},
        {
            "envelopes": [
                {"envelope": "ENV", "choices": ["PID"]},
                {"envelope": "ENV", "choices": ["PID"]},
            ]
        },
        {},
        [],
    ],
)
def test_malformed_ballots_are_400_never_500(api, voting, voter, projects, envelope, payload):
    import json

    text = (
        json.dumps(payload).replace('"ENV"', str(envelope.pk)).replace('"PID"', str(projects[0].pk))
    )
    r = api(voter).put(
        f"/api/v1/cycles/{voting.pk}/my-ballot/", text, content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert r.json()["error"]["code"] == "invalid"


def test_voting_without_verification_is_403(api, voting, resident, projects, envelope):
    r = put(api, resident, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    assert r.status_code == 403


def test_voting_anonymously_is_401(api, voting, projects, envelope):
    r = put(api, None, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    assert r.status_code == 401


@pytest.mark.parametrize("phase", ["jury_review", "results"])
def test_voting_outside_the_voting_phase_is_409(api, voting, voter, projects, envelope, phase):
    from ..conftest import set_phase

    set_phase(voting, phase)
    r = put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "phase_closed"


def test_a_changed_ballot_replaces_the_old_one_and_its_receipt(
    api, voting, voter, projects, envelope
):
    first = put(
        api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}]
    ).json()
    second = put(
        api,
        voter,
        voting,
        [{"envelope": envelope.pk, "choices": ids(projects, "Playground", "Library")}],
    )
    assert second.status_code == 200, second.json()
    assert Ballot.objects.count() == 1
    new = second.json()["envelopes"][0]
    assert new["choices"] == sorted(ids(projects, "Playground", "Library"))
    old_receipt = first["envelopes"][0]["receipt"]
    assert new["receipt"] != old_receipt
    assert api().get(f"/api/v1/receipts/{old_receipt}/").json()["counted"] is False
    assert api().get(f"/api/v1/receipts/{new['receipt']}/").json()["counted"] is True


def test_without_changes_allowed_a_second_ballot_is_409_already_voted(
    api, voting, voter, projects, envelope
):
    voting.ballot_changes_allowed = False
    voting.save()
    put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    r = put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Library")}])
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "already_voted"
    assert api(voter).get(f"/api/v1/cycles/{voting.pk}/my-ballot/").json()["envelopes"][0][
        "choices"
    ] == ids(projects, "Road")


def test_a_receipt_that_does_not_exist_is_not_counted(api, db):
    for code in ("NOSUCHRECEIPT123", "x" * 40, "%20"):
        r = api().get(f"/api/v1/receipts/{code}/")
        assert r.status_code == 200
        assert r.json()["counted"] is False


def test_a_community_envelope_is_only_for_its_residents(
    api, voting, voter, terjola, projects, envelope
):
    other = f.CommunityFactory(municipality=terjola, slug="godogani")
    theirs = Envelope.objects.create(cycle=voting, community=other, budget=Decimal("5000.00"))
    p = f.BallotProjectFactory(envelope=theirs, cost=Decimal("4000.00"))
    r = put(api, voter, voting, [{"envelope": theirs.pk, "choices": [p.pk]}])
    assert r.status_code == 400
    assert "envelopes.0.envelope" in r.json()["error"]["fields"]


def test_a_voter_votes_in_the_municipality_and_own_community_envelopes(
    api, voting, voter, projects, envelope
):
    mine = Envelope.objects.create(
        cycle=voting, community=voter.community, budget=Decimal("5000.00")
    )
    p = f.BallotProjectFactory(envelope=mine, cost=Decimal("4000.00"))
    status = api(voter).get(f"/api/v1/cycles/{voting.pk}/voter-verification/").json()
    assert set(status["envelopes"]) == {envelope.pk, mine.pk}
    r = put(
        api,
        voter,
        voting,
        [
            {"envelope": envelope.pk, "choices": ids(projects, "Road")},
            {"envelope": mine.pk, "choices": [p.pk]},
        ],
    )
    assert r.status_code == 200
    assert len(r.json()["envelopes"]) == 2


def test_the_database_refuses_a_second_ballot_for_one_voter_in_one_envelope(
    voting, voter, envelope
):
    key = VoterKey.objects.get(user=voter)
    Ballot.objects.create(envelope=envelope, voter_tag=key.tag)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(envelope=envelope, voter_tag=key.tag)


def test_the_public_ballot_shows_projects_but_never_counts(api, voting, voter, projects, envelope):
    put(api, voter, voting, [{"envelope": envelope.pk, "choices": ids(projects, "Road")}])
    body = api().get(f"/api/v1/cycles/{voting.pk}/ballot/").json()
    [env] = body["envelopes"]
    assert env["budget"] == "30000.00" and env["ballot_kind"] == "knapsack"
    assert {p["title"] for p in env["projects"]} == {"Road", "Playground", "Library"}
    assert "votes" not in str(body)
    r = api().get(f"/api/v1/cycles/{voting.pk}/results/")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
