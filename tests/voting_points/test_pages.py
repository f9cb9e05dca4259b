"""Voting-point pages: organizers set points up and appoint people, officers open and close
them, observers follow the count; the printable ballot and protocol are public, script-free."""

import pytest
from django.test import Client
from django.utils import timezone

from record.models import Entry
from voting.models import Ballot
from voting_points.models import PointMember, VotingPoint

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_an_organizer_sets_up_a_point_and_appoints_an_officer_and_an_observer(
    voting, organizer, officer, observer, resident
):
    staff = login(organizer)
    r = staff.post(
        f"/cycles/{voting.pk}/voting-points/",
        {
            "name": "Godogani culture house",
            "address": "Central square",
            "opens_at": "2026-10-20T08:00",
            "closes_at": "2026-10-20T20:00",
        },
    )
    assert r.status_code == 302, r.content.decode()
    point = VotingPoint.objects.get(name="Godogani culture house")
    for who, role in ((officer, "officer"), (observer, "observer")):
        staff.post(f"/voting-points/{point.pk}/members/", {"login": who.email, "role": role})
    assert set(PointMember.objects.values_list("user__name", "role")) == {
        ("Irakli", "officer"),
        ("Nana", "observer"),
    }
    html = staff.get(f"/voting-points/{point.pk}/").content.decode()
    assert "Irakli" in html and "Nana" in html
    # a resident reads where and when, not who runs it, and cannot add a point
    public = login(resident).get(f"/voting-points/{point.pk}/").content.decode()
    assert "Central square" in public and "Irakli" not in public
    r = login(resident).post(f"/cycles/{voting.pk}/voting-points/", {"name": "Mine"})
    assert r.status_code == 403 and not VotingPoint.objects.filter(name="Mine").exists()
    r = login(resident).post(f"/voting-points/{point.pk}/members/", {"login": resident.email})
    assert r.status_code == 403


def test_an_officer_opens_enters_and_closes_their_point_through_the_pages(
    voting, officer, observer, organizer, projects, envelope
):
    from .. import factories as f

    point = f.open_point(voting, "Chkhari school", officer, status="planned")
    PointMember.objects.create(point=point, user=observer, role="observer")
    irakli = login(officer)
    assert "Open the voting point" in irakli.get(f"/voting-points/{point.pk}/").content.decode()
    assert login(observer).post(f"/voting-points/{point.pk}/open/").status_code == 403
    irakli.post(f"/voting-points/{point.pk}/open/")
    point.refresh_from_db()
    assert point.status == "open"
    r = irakli.post(
        f"/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": "01001054321",
            "birth_date": "1985-03-14",
            "voting_point": point.pk,
            f"e{envelope.pk}": [projects[0].pk],
        },
    )
    assert r.status_code == 302 and Ballot.objects.filter(voting_point=point).count() == 1
    watched = login(observer).get(f"/voting-points/{point.pk}/").content.decode()
    assert '<span class="stat">1</span> ballots entered' in watched
    assert "Close the voting point" not in watched
    r = irakli.post(
        f"/voting-points/{point.pk}/close/",
        {"ballots_issued": "2", "spoiled": "1", "signatures": "Irakli Beridze\nNana Lomidze"},
    )
    assert r.status_code == 302
    point.refresh_from_db()
    assert point.status == "closed" and point.signatures == ["Irakli Beridze", "Nana Lomidze"]
    assert Entry.objects.filter(action="voting_point_closed").count() == 1
    # closed: the paper page offers the point no more
    html = irakli.get(f"/cycles/{voting.pk}/paper-ballots/").content.decode()
    offered = html.split('name="voting_point"')[1].split("</select>")[0]
    assert "<option" not in offered
    assert "only as an officer of an open voting point" in html


def test_the_protocol_page_is_a_blank_tally_sheet_before_and_the_protocol_after(
    client, voting, officer, school
):
    blank = client.get(f"/voting-points/{school.pk}/protocol/")
    assert blank.status_code == 200
    html = blank.content.decode()
    assert "Tally sheet of the voting point" in html and "Chkhari school" in html
    assert "Name and signature" in html and "<script" not in html and "print.css" in html
    VotingPoint.objects.filter(pk=school.pk).update(status="open")
    login(officer).post(
        f"/voting-points/{school.pk}/close/",
        {"ballots_issued": "5", "spoiled": "1", "signatures": "Irakli", "note": "Calm day"},
    )
    html = client.get(f"/voting-points/{school.pk}/protocol/").content.decode()
    assert "Protocol of the voting point" in html
    assert "5 ballots issued, 1 spoiled, 0 entered" in html
    assert "The counts do not add up" in html and "Calm day" in html
    assert "<script" not in html


def test_the_printable_ballot_has_every_envelope_and_project_and_no_script(
    client, voting, projects, envelope, terjola
):
    from decimal import Decimal

    from .. import factories as f

    chkhari = terjola.communities.get()
    village = f.EnvelopeFactory(cycle=voting, community=chkhari, budget=Decimal("8000.00"))
    f.BallotProjectFactory(envelope=village, title="Chkhari well", cost=Decimal("7500.00"))
    r = client.get(f"/cycles/{voting.pk}/ballot/print/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('class="sheet"') == 2  # one A4 page per envelope
    for title in ("Road", "Playground", "Library", "Chkhari well"):
        assert title in html
    assert "Choose projects whose total cost is at most 30,000 GEL." in html  # the rule
    assert html.count('class="box"') == 4  # a box to mark per project
    assert "<script" not in html and "print.css" in html


def test_the_list_of_points_takes_a_few_queries_however_many(
    api, voting, django_assert_max_num_queries
):
    from .. import factories as f

    f.open_point(voting, "One")
    with django_assert_max_num_queries(4) as few:
        api().get(f"/api/v1/cycles/{voting.pk}/voting-points/")
    for i in range(10):
        f.open_point(voting, f"Point {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api().get(f"/api/v1/cycles/{voting.pk}/voting-points/").json()) == 11


def test_an_organizer_edits_a_point_and_wrong_hours_change_nothing(voting, organizer, school):
    staff = login(organizer)
    data = {"name": "Chkhari public school", "address": "School street 3"}
    hours = {"opens_at": "2026-10-20T08:00", "closes_at": "2026-10-20T20:00"}
    r = staff.post(f"/voting-points/{school.pk}/edit/", {**data, **hours}, follow=True)
    assert "Voting point saved." in r.content.decode()
    school.refresh_from_db()
    assert school.name == "Chkhari public school"
    wrong = {"opens_at": "2026-10-20T20:00", "closes_at": "2026-10-20T08:00"}
    r = staff.post(f"/voting-points/{school.pk}/edit/", {**data, **wrong}, follow=True)
    assert "A voting point closes after it opens." in r.content.decode()
    school.refresh_from_db()
    assert timezone.localtime(school.opens_at).hour == 8  # as saved before
    assert timezone.localtime(school.closes_at).hour == 20
    assert Entry.objects.filter(action="voting_point_changed").count() == 1
