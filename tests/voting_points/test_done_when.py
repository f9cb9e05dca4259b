"""Issue 17, "Voting points" done-when: paper ballots entered through two officers at two
points (each refused at the other's point), one point closed with a protocol, the protocol on
the public record, a late ballot refused; the printable ballot lists every project."""

import pytest
from django.test import Client

from voting.models import Ballot

pytestmark = pytest.mark.django_db


def enter(api, user, cycle, point, envelope, project, number):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
        {
            "personal_number": number,
            "birth_date": "1985-03-14",
            "voting_point": point.pk,
            "envelopes": [{"envelope": envelope.pk, "choices": [project.pk]}],
        },
        format="json",
    )


def test_two_officers_two_points_a_closing_protocol_on_the_record_and_a_late_ballot_refused(
    api, voting, organizer, officer, school, town_hall_officer, town_hall, projects, envelope
):
    road, playground, library = projects
    # each officer enters at their own point ...
    assert enter(api, officer, voting, school, envelope, road, "01001000001").status_code == 201
    assert enter(api, officer, voting, school, envelope, library, "01001000002").status_code == 201
    r = enter(api, town_hall_officer, voting, town_hall, envelope, playground, "01001000003")
    assert r.status_code == 201
    # ... and is refused at the other's
    r = enter(api, officer, voting, town_hall, envelope, road, "01001000004")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = enter(api, town_hall_officer, voting, school, envelope, road, "01001000005")
    assert r.status_code == 403
    assert Ballot.objects.filter(voting_point=school).count() == 2
    assert Ballot.objects.filter(voting_point=town_hall).count() == 1

    # Chkhari school closes: 3 ballots issued, 1 spoiled, 2 entered -> it adds up
    r = api(officer).post(
        f"/api/v1/voting-points/{school.pk}/close/",
        {
            "ballots_issued": 3,
            "spoiled": 1,
            "signatures": ["Irakli Beridze", "Nino Kapanadze"],
            "note": "One ballot torn by the voter and replaced.",
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    protocol = r.json()["protocol"]
    assert r.json()["status"] == "closed"
    assert (protocol["ballots_issued"], protocol["spoiled"], protocol["ballots_entered"]) == (
        3,
        1,
        2,
    )
    assert protocol["discrepancy"] == 0
    assert protocol["signatures"] == ["Irakli Beridze", "Nino Kapanadze"]

    # the protocol is on the public record, as a sentence anyone reads (no login)
    record = api().get(f"/api/v1/cycles/{voting.pk}/record/").json()
    entries = record["results"] if isinstance(record, dict) else record
    [closed] = [e for e in entries if e["action"] == "voting_point_closed"]
    sentence = closed["data"]["protocol_en"]
    assert "Chkhari school" in sentence
    assert "3 ballots issued, 1 spoiled, 2 entered" in sentence
    assert "Irakli Beridze, Nino Kapanadze" in sentence
    assert "ჩხარ" not in sentence and "Chkhari school" in closed["data"]["protocol_ka"]
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/cycles/{voting.pk}/record/")
    assert "3 ballots issued, 1 spoiled, 2 entered" in page.content.decode()

    # a late ballot at the closed point is refused in the error shape; the other point goes on
    late = enter(api, officer, voting, school, envelope, road, "01001000006")
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "conflict"
    assert "closed" in late.json()["error"]["message"]
    assert Ballot.objects.filter(voting_point=school).count() == 2
    r = enter(api, town_hall_officer, voting, town_hall, envelope, road, "01001000007")
    assert r.status_code == 201

    # the printable ballot lists every project, with its number, title and cost
    printed = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/cycles/{voting.pk}/ballot/print/")
    assert printed.status_code == 200
    html = printed.content.decode()
    for title, cost in (("Road", "20,000"), ("Playground", "10,000"), ("Library", "5,000")):
        assert title in html and cost in html
    assert "<script" not in html
