"""Voting points through the API: who sets them up, who runs them, who watches them."""

import datetime

import pytest
from django.utils import timezone

from record.models import Entry
from voting_points.models import PointMember, VotingPoint

from .. import factories as f
from ..conftest import set_phase

pytestmark = pytest.mark.django_db

SOON = timezone.now() + datetime.timedelta(days=1)
BODY = {
    "name": "Godogani culture house",
    "address": "Godogani, central square",
    "opens_at": SOON.isoformat(),
    "closes_at": (SOON + datetime.timedelta(hours=12)).isoformat(),
}


def test_an_organizer_adds_a_voting_point_and_anyone_reads_it(api, cycle, organizer):
    chkhari = cycle.municipality.communities.get()
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/voting-points/",
        {**BODY, "community": chkhari.pk},
        format="json",
    )
    assert r.status_code == 201, r.json()
    point = r.json()
    assert point["name"] == "Godogani culture house" and point["community"] == chkhari.pk
    assert point["status"] == "planned" and point["protocol"] is None
    listed = api().get(f"/api/v1/cycles/{cycle.pk}/voting-points/").json()
    assert [p["name"] for p in listed] == ["Godogani culture house"]
    assert api().get(f"/api/v1/voting-points/{point['id']}/").json()["address"] == BODY["address"]
    assert Entry.objects.filter(action="voting_point_created").count() == 1


@pytest.mark.parametrize("who", ["resident", "vani_organizer", "officer_elsewhere"])
def test_anyone_but_an_organizer_of_the_municipality_gets_403_before_the_body_is_read(
    api, cycle, who, request, terjola
):
    if who == "officer_elsewhere":
        user = f.UserFactory(municipality=terjola)
        f.open_point(cycle, "Elsewhere", user)
    else:
        user = request.getfixturevalue(who)
    r = api(user).post(f"/api/v1/cycles/{cycle.pk}/voting-points/", {"name": ""}, format="json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert api().post(f"/api/v1/cycles/{cycle.pk}/voting-points/", BODY).status_code == 401


def test_a_point_must_close_after_it_opens_and_be_in_the_municipality(api, cycle, organizer, vani):
    url = f"/api/v1/cycles/{cycle.pk}/voting-points/"
    r = api(organizer).post(url, {**BODY, "closes_at": BODY["opens_at"]}, format="json")
    assert r.status_code == 400 and "closes_at" in r.json()["error"]["fields"]
    elsewhere = f.CommunityFactory(municipality=vani)
    r = api(organizer).post(url, {**BODY, "community": elsewhere.pk}, format="json")
    assert r.status_code == 400 and "community" in r.json()["error"]["fields"]
    assert api(organizer).post(url, BODY, format="json").status_code == 201
    r = api(organizer).post(url, BODY, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert VotingPoint.objects.count() == 1


def test_an_organizer_changes_a_point_but_not_once_it_is_closed(api, voting, organizer, school):
    url = f"/api/v1/voting-points/{school.pk}/"
    r = api(organizer).patch(url, {"address": "Chkhari, school street 2"}, format="json")
    assert r.status_code == 200 and r.json()["address"] == "Chkhari, school street 2"
    VotingPoint.objects.filter(pk=school.pk).update(status="closed")
    r = api(organizer).patch(url, {"address": "elsewhere"}, format="json")
    assert r.status_code == 409


def test_officers_are_appointed_and_withdrawn_by_organizers_only(
    api, voting, organizer, officer, school, observer
):
    url = f"/api/v1/voting-points/{school.pk}/officers/"
    assert api(officer).post(url, {"user": observer.pk}, format="json").status_code == 403
    r = api(organizer).post(url, {"user": observer.pk}, format="json")
    assert r.status_code == 201 and r.json()["role"] == "officer"
    assert {m["name"] for m in api(organizer).get(url).json()} == {"Irakli", "Nana"}
    r = api(organizer).post(url, {"user": 2**40}, format="json")
    assert r.status_code == 400
    gone = api(organizer).delete(f"{url}{observer.pk}/")
    assert gone.status_code == 204
    assert api(organizer).delete(f"{url}{observer.pk}/").status_code == 404
    assert api(organizer).delete(f"{url}{2**40}/").status_code == 404
    assert not PointMember.objects.filter(user=observer).exists()
    assert Entry.objects.filter(action="voting_point_officer_removed").count() == 1


def test_an_observer_sees_the_live_count_of_their_point_and_nothing_more(
    api, voting, organizer, officer, school, town_hall, observer, projects, envelope, resident
):
    api(organizer).post(
        f"/api/v1/voting-points/{school.pk}/observers/", {"user": observer.pk}, format="json"
    )
    r = api(officer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": "01001054321",
            "birth_date": "1985-03-14",
            "voting_point": school.pk,
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}],
        },
        format="json",
    )
    assert r.status_code == 201
    count = api(observer).get(f"/api/v1/voting-points/{school.pk}/count/")
    assert count.status_code == 200
    assert count.json()["ballots"] == 1 and count.json()["voters"] == 1
    assert set(count.json()) == {"voting_point", "status", "ballots", "voters", "at"}
    # not another point's count, not the paper ballots, not the turnout's breakdowns
    assert api(observer).get(f"/api/v1/voting-points/{town_hall.pk}/count/").status_code == 403
    assert api(resident).get(f"/api/v1/voting-points/{school.pk}/count/").status_code == 403
    r = api(observer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/",
        {"voting_point": school.pk, "envelopes": []},
        format="json",
    )
    assert r.status_code == 403
    turnout = api(observer).get(f"/api/v1/cycles/{voting.pk}/turnout/").json()
    assert turnout["by_voting_point"] is None
    assert api(observer).post(f"/api/v1/voting-points/{school.pk}/close/", {}).status_code == 403


def test_a_point_opens_once_by_its_officer_or_an_organizer(
    api, voting, organizer, officer, town_hall_officer
):
    point = f.open_point(voting, "Chkhari school", officer, status="planned")
    url = f"/api/v1/voting-points/{point.pk}/open/"
    assert api(town_hall_officer).post(url).status_code == 403
    r = api(officer).post(url)
    assert r.status_code == 200 and r.json()["status"] == "open"
    again = api(organizer).post(url)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert Entry.objects.filter(action="voting_point_opened").count() == 1


def test_a_point_takes_no_ballot_before_it_opens(api, voting, officer, projects, envelope):
    point = f.open_point(voting, "Chkhari school", officer, status="planned")
    r = api(officer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": "01001054321",
            "birth_date": "1985-03-14",
            "voting_point": point.pk,
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[0].pk]}],
        },
        format="json",
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_opening_and_closing_wait_for_the_vote(api, cycle, organizer, officer):
    point = f.open_point(cycle, "Chkhari school", officer, status="planned")
    r = api(officer).post(f"/api/v1/voting-points/{point.pk}/open/")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    set_phase(cycle, "results")
    r = api(organizer).post(f"/api/v1/voting-points/{point.pk}/officers/", {"user": officer.pk})
    assert r.status_code == 409


def test_the_close_checks_its_protocol(api, voting, officer, school):
    url = f"/api/v1/voting-points/{school.pk}/close/"
    bad = [
        {"ballots_issued": 3, "spoiled": 4, "signatures": ["Irakli"]},
        {"ballots_issued": 3, "spoiled": 0, "signatures": []},
        {"ballots_issued": 3, "spoiled": 0, "signatures": ["  "]},
        {"ballots_issued": -1, "spoiled": 0, "signatures": ["Irakli"]},
        {"ballots_issued": 10**30, "spoiled": 0, "signatures": ["Irakli"]},
        {"ballots_issued": "٣", "spoiled": 0, "signatures": ["Irakli\x00"]},
    ]
    for body in bad:
        r = api(officer).post(url, body, format="json")
        assert r.status_code == 400, (body, r.json())
        assert r.json()["error"]["code"] == "invalid"
    school.refresh_from_db()
    assert school.status == "open"


def test_odd_ids_and_bodies_get_a_4xx_never_a_500(api, voting, organizer, officer, school):
    for url in (f"/api/v1/voting-points/{2**63}/", f"/api/v1/voting-points/{2**40}/count/"):
        assert api(organizer).get(url).status_code == 404
    paper = f"/api/v1/cycles/{voting.pk}/paper-ballots/"
    for point in (True, [school.pk], {"id": school.pk}, "1\x00", "١", -1, 2**70):
        r = api(officer).post(paper, {"voting_point": point, "envelopes": []}, format="json")
        assert r.status_code == 400, (point, r.status_code)
        if point != "1\x00":  # a NUL byte is the parser's 400, before any field is read
            assert "voting_point" in r.json()["error"]["fields"]
    r = api(organizer).patch(
        f"/api/v1/voting-points/{school.pk}/", {"name": "a\x00b"}, format="json"
    )
    assert r.status_code == 400


def _correct(api, user, cycle, point, envelope, project, reason="Wrong box ticked"):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/correction/",
        {
            "personal_number": "01001054321",
            "birth_date": "1985-03-14",
            "voting_point": point.pk,
            "reason": reason,
            "envelopes": [{"envelope": envelope.pk, "choices": [project.pk]}],
        },
        format="json",
    )


def test_corrections_by_the_points_officer_while_open_by_an_organizer_even_after_closing(
    api, voting, organizer, officer, school, town_hall_officer, town_hall, projects, envelope
):
    road, playground, library = projects
    r = api(officer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": "01001054321",
            "birth_date": "1985-03-14",
            "voting_point": school.pk,
            "envelopes": [{"envelope": envelope.pk, "choices": [road.pk]}],
        },
        format="json",
    )
    assert r.status_code == 201
    # another point's officer may not, at their point or at this one
    assert _correct(api, town_hall_officer, voting, school, envelope, library).status_code == 403
    r = _correct(api, town_hall_officer, voting, town_hall, envelope, library)
    assert r.status_code == 404  # no ballot of this person was entered at the town hall
    assert _correct(api, officer, voting, school, envelope, playground).status_code == 200
    api(officer).post(
        f"/api/v1/voting-points/{school.pk}/close/",
        {"ballots_issued": 1, "spoiled": 0, "signatures": ["Irakli"]},
        format="json",
    )
    late = _correct(api, officer, voting, school, envelope, library)
    assert late.status_code == 409 and late.json()["error"]["code"] == "conflict"
    r = _correct(api, organizer, voting, school, envelope, library, reason="Protocol review")
    assert r.status_code == 200
    ballot = school.ballots.get()
    assert list(ballot.choices.values_list("project__title", flat=True)) == ["Library"]
    entry = Entry.objects.filter(action="paper_ballot_corrected").last()
    assert entry.public and entry.reason == "Protocol review"
    assert entry.actor == organizer and entry.data["voting_point"] == "Chkhari school"
