"""Turnout for organizers during the vote: by day, community and channel; never the votes."""

import pytest

from voting import services

from .conftest import BIRTH, ids

pytestmark = pytest.mark.django_db


def test_organizers_see_turnout_by_day_community_and_channel(
    api, voting, voter, organizer, projects, envelope
):
    services.ballot_cast(
        cycle=voting,
        user=voter,
        envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Road")}],
    )
    services.paper_ballot_enter(
        cycle=voting,
        by=organizer,
        personal_number="01001054321",
        birth_date=BIRTH,
        voting_point="Chkhari school",
        community=None,
        envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Library")}],
    )
    r = api(organizer).get(f"/api/v1/cycles/{voting.pk}/turnout/")
    assert r.status_code == 200
    body = r.json()
    assert body["voters"] == 2 and body["verified"] == 2
    assert {c["channel"]: c["voters"] for c in body["by_channel"]} == {"online": 1, "paper": 1}
    assert sum(d["voters"] for d in body["by_day"]) == 2
    assert {c["name"]: c["voters"] for c in body["by_community"]} == {"Chkhari": 1, "Not given": 1}
    assert body["by_envelope"] == [
        {"envelope": envelope.pk, "name": "Whole municipality", "ballots": 2}
    ]
    assert "Road" not in r.content.decode() and "votes" not in body


def test_residents_do_not_see_turnout(api, voting, resident):
    assert api(resident).get(f"/api/v1/cycles/{voting.pk}/turnout/").status_code == 403
    assert api().get(f"/api/v1/cycles/{voting.pk}/turnout/").status_code == 401


def test_turnout_is_not_available_before_voting(api, cycle, organizer):
    r = api(organizer).get(f"/api/v1/cycles/{cycle.pk}/turnout/")
    assert r.status_code == 409
