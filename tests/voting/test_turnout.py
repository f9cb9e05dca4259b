"""Turnout during and after the vote, by day, community and channel; never the votes. Public in
aggregate (groups under 10 as "< 10"); exact, and by voting point, for organizers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from voting import services
from voting.models import Ballot, Envelope

from .. import factories as f
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
        voting_point=f.officer_point(voting, organizer, "Chkhari school"),
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


def test_turnout_is_not_available_before_voting(api, cycle, organizer, resident):
    for user in (organizer, resident, None):
        assert api(user).get(f"/api/v1/cycles/{cycle.pk}/turnout/").status_code == 409


def test_a_person_is_counted_once_on_the_day_of_their_first_ballot(
    api, client, voting, voter, organizer, projects, envelope, terjola
):
    """Alice fills in the municipality-wide envelope one day and Chkhari's the next: one voter,
    on the first day, in the API, on the turnout page and in the dashboard alike."""
    chkhari = terjola.communities.get(slug="chkhari")
    village = Envelope.objects.create(cycle=voting, community=chkhari, budget=Decimal("5000.00"))
    well = f.BallotProjectFactory(envelope=village, title="Chkhari well", cost=Decimal("4000.00"))
    services.ballot_cast(
        cycle=voting,
        user=voter,
        envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Road")}],
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Ballot.objects.update(
        created_at=timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(10)))
    )
    services.ballot_cast(
        cycle=voting, user=voter, envelopes=[{"envelope": village.pk, "choices": [well.pk]}]
    )
    assert Ballot.objects.count() == 2

    body = api(organizer).get(f"/api/v1/cycles/{voting.pk}/turnout/").json()
    assert body["voters"] == 1
    assert body["by_day"] == [{"day": yesterday.isoformat(), "voters": 1, "display": "1"}]
    assert {c["channel"]: c["voters"] for c in body["by_channel"]} == {"online": 1, "paper": 0}

    client.force_login(organizer)
    page = client.get(f"/cycles/{voting.pk}/turnout/").content.decode()
    assert '<span class="stat">1</span> voted' in page
    res = client.get(f"/cycles/{voting.pk}/dashboard/turnout-by-day.csv")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["1"]
