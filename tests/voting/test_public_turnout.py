"""Public turnout: anyone sees how many people voted, by day, community and channel, with every
group of fewer than 10 people shown as "< 10"; organizers see the exact numbers, and by voting
point. People, never votes, and no person."""

import datetime

import pytest
from django.utils import timezone

from voting.models import Ballot, BallotChannel, VoterKey, voter_key_for
from voting_points.models import VotingPoint

from .. import factories as f

pytestmark = pytest.mark.django_db


def _voters(cycle, envelope, n, *, community=None, channel=BallotChannel.ONLINE, point="", day=0):
    """n people who voted in `envelope`, each with their own key and one ballot (at the voting
    point named `point`, made if the cycle has none of that name)."""
    at = timezone.now() - datetime.timedelta(days=day)
    if point:
        point = VotingPoint.objects.filter(cycle=cycle, name=point).first() or f.open_point(
            cycle, point
        )
    for _ in range(n):
        number = f"{VoterKey.objects.count() + 10000000000:011d}"
        voter = VoterKey.objects.create(
            cycle=cycle, key=voter_key_for(number), community=community, voted=True
        )
        Ballot.objects.create(
            envelope=envelope,
            voter_tag=voter.tag,
            channel=channel,
            voting_point=point or None,
            created_at=at,
        )


@pytest.fixture
def counted(voting, envelope, terjola):
    """12 people of Chkhari voted online, 3 of Godogani on paper at its school, one nowhere."""
    chkhari = terjola.communities.get(slug="chkhari")
    godogani = f.CommunityFactory(municipality=terjola, slug="godogani", name_en="Godogani")
    f.CommunityFactory(municipality=terjola, slug="tsipa", name_en="Tsipa")
    _voters(voting, envelope, 12, community=chkhari)
    _voters(
        voting, envelope, 3, community=godogani, channel="paper", point="Godogani school", day=1
    )
    _voters(voting, envelope, 1)
    return voting


def test_anyone_sees_the_turnout_with_groups_under_ten_as_less_than_ten(api, counted, outsider):
    for user in (None, outsider):
        r = api(user).get(f"/api/v1/cycles/{counted.pk}/turnout/")
        assert r.status_code == 200
        body = r.json()
        assert (body["voters"], body["display"], body["exact"]) == (16, "16", False)
        assert body["by_channel"] == [
            {"channel": "online", "voters": 13, "display": "13"},
            {"channel": "paper", "voters": None, "display": "< 10"},
        ]
        assert body["by_community"] == [
            {"community": body["by_community"][0]["community"], "name": "Chkhari", "voters": 12,
             "display": "12"},
            {"community": body["by_community"][1]["community"], "name": "Godogani",
             "voters": None, "display": "< 10"},
            {"community": None, "name": "Not given", "voters": None, "display": "< 10"},
            {"community": body["by_community"][3]["community"], "name": "Tsipa", "voters": None,
             "display": "< 10"},
        ]  # fmt: skip
        yesterday, today = body["by_day"]
        assert (yesterday["voters"], yesterday["display"]) == (None, "< 10")
        assert (today["voters"], today["display"]) == (13, "13")
        # the organizers' part is not there at all
        assert body["verified"] is None and body["residents"] is None
        assert body["by_envelope"] is None and body["by_voting_point"] is None
        assert "Godogani school" not in r.content.decode()


def test_a_total_under_ten_is_hidden_too(api, voting, envelope):
    _voters(voting, envelope, 4)
    body = api().get(f"/api/v1/cycles/{voting.pk}/turnout/").json()
    assert (body["voters"], body["display"]) == (None, "< 10")


def test_organizers_see_exact_numbers_and_the_split_by_voting_point(api, counted, organizer):
    body = api(organizer).get(f"/api/v1/cycles/{counted.pk}/turnout/").json()
    assert body["exact"] is True
    assert {c["channel"]: c["display"] for c in body["by_channel"]} == {
        "online": "13",
        "paper": "3",
    }
    assert {c["name"]: c["voters"] for c in body["by_community"]} == {
        "Chkhari": 12,
        "Godogani": 3,
        "Not given": 1,
        "Tsipa": 0,
    }
    godogani_school = VotingPoint.objects.get(name="Godogani school")
    empty = f.open_point(counted, "Tsipa library")
    body = api(organizer).get(f"/api/v1/cycles/{counted.pk}/turnout/").json()
    assert body["by_voting_point"] == [
        {
            "voting_point": godogani_school.pk,
            "name": "Godogani school",
            "voters": 3,
            "display": "3",
        },
        {"voting_point": empty.pk, "name": "Tsipa library", "voters": 0, "display": "0"},
    ]
    assert body["verified"] == 16


def test_another_municipalitys_organizer_sees_only_the_public_turnout(api, counted, vani_organizer):
    body = api(vani_organizer).get(f"/api/v1/cycles/{counted.pk}/turnout/").json()
    assert body["exact"] is False and body["by_voting_point"] is None


def test_the_public_turnout_page_shows_less_than_ten_and_no_voting_point(client, counted):
    page = client.get(f"/cycles/{counted.pk}/turnout/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span class="stat">16</span> voted' in html
    assert '<span class="stat">&lt; 10</span> on paper' in html
    assert "Godogani school" not in html and "verified voters" not in html


def test_the_organizers_turnout_page_shows_the_voting_points(client, counted, organizer):
    client.force_login(organizer)
    html = client.get(f"/cycles/{counted.pk}/turnout/").content.decode()
    assert '<span class="stat">3</span> on paper' in html
    assert "Godogani school" in html


@pytest.mark.parametrize("who", ["anonymous", "organizer"])
def test_turnout_takes_the_same_few_queries_however_many_villages_and_days(
    api, counted, envelope, terjola, organizer, who, django_assert_max_num_queries
):
    user = organizer if who == "organizer" else None
    url = f"/api/v1/cycles/{counted.pk}/turnout/"
    with django_assert_max_num_queries(13) as small:  # the bound that must not grow below
        api(user).get(url)
    for i in range(8):
        village = f.CommunityFactory(municipality=terjola, slug=f"village-x{i}")
        _voters(counted, envelope, 2, community=village, channel="paper", point=f"P{i}", day=i)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = api(user).get(url).json()
    assert len(body["by_community"]) == 12


TURNOUT = {
    "draft": 409,
    "idea_submission": 409,
    "training": 409,
    "jury_review": 409,
    "voting": 200,
    "results": 200,
    "implementation": 200,
    "closed": 200,
}


@pytest.mark.parametrize("phase", list(TURNOUT))
def test_turnout_is_public_from_the_vote_on(api, cycle, resident, organizer, phase):
    from ..conftest import set_phase

    set_phase(cycle, phase)
    for user in (None, resident, organizer):
        assert api(user).get(f"/api/v1/cycles/{cycle.pk}/turnout/").status_code == TURNOUT[phase]
