import datetime
from datetime import timedelta

import icalendar
from django.test import Client
from django.utils import timezone

from tests import factories as f
from trainings.models import Enrollment, TrainingSession


def body(cycle, **extra):
    start = timezone.now() + timedelta(days=5)
    return {
        "cycle": cycle.pk,
        "title_ka": "პროექტის წერა",
        "title_en": "Project writing",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "place": "Terjola library",
        "capacity": 15,
        "language": "ka",
        **extra,
    }


def test_organizer_schedules_a_session(api, organizer, training_cycle):
    res = api(organizer).post("/api/v1/trainings/", body(training_cycle))
    assert res.status_code == 201, res.json()
    assert res.json()["seats_left"] == 15 and res.json()["title"] == "Project writing"


def test_resident_cannot_schedule_a_session(api, resident, training_cycle):
    res = api(resident).post("/api/v1/trainings/", body(training_cycle))
    assert res.status_code == 403
    assert not TrainingSession.objects.exists()


def test_vani_organizer_cannot_schedule_in_terjola(api, vani_organizer, training_cycle):
    assert api(vani_organizer).post("/api/v1/trainings/", body(training_cycle)).status_code == 403


def test_a_session_needs_a_place_or_a_link_and_an_end_after_its_start(
    api, organizer, training_cycle
):
    res = api(organizer).post("/api/v1/trainings/", body(training_cycle, place=""))
    assert res.status_code == 400 and "place" in res.json()["error"]["fields"]
    start = timezone.now() + timedelta(days=5)
    res = api(organizer).post(
        "/api/v1/trainings/",
        body(training_cycle, ends_at=(start - timedelta(hours=1)).isoformat()),
    )
    assert res.status_code == 400 and "ends_at" in res.json()["error"]["fields"]
    res = api(organizer).post("/api/v1/trainings/", body(training_cycle, capacity=0))
    assert res.status_code == 400


def test_online_sessions_need_no_place(api, organizer, training_cycle):
    res = api(organizer).post(
        "/api/v1/trainings/", body(training_cycle, place="", online_url="https://meet.example/x")
    )
    assert res.status_code == 201


def test_scheduling_after_trainings_is_409(api, organizer, training_cycle, phase):
    phase(training_cycle, "jury_review")
    res = api(organizer).post("/api/v1/trainings/", body(training_cycle))
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_more_seats_promote_the_waitlist(api, organizer, training_cycle):
    session = f.TrainingSessionFactory(cycle=training_cycle, capacity=1)
    a, b = (f.UserFactory(municipality=training_cycle.municipality) for _ in range(2))
    Enrollment.objects.create(session=session, user=a, status="enrolled")
    Enrollment.objects.create(session=session, user=b, status="waitlisted")
    res = api(organizer).patch(f"/api/v1/trainings/{session.pk}/", {"capacity": 2})
    assert res.status_code == 200 and res.json()["seats_left"] == 0
    assert Enrollment.objects.get(user=b).status == "enrolled"
    res = api(organizer).patch(f"/api/v1/trainings/{session.pk}/", {"capacity": 1})
    assert res.status_code == 400 and "capacity" in res.json()["error"]["fields"]


def test_calendar_file_describes_the_session(training_cycle, settings):
    settings.SITE_URL = "https://civicbudget.example.ge"
    start = datetime.datetime(2026, 7, 14, 15, 30, tzinfo=datetime.UTC)  # 19:30 in Tbilisi
    session = f.TrainingSessionFactory(
        cycle=training_cycle,
        title_ka="ტრენინგი, ბიუჯეტი",
        place="Terjola; hall 2",
        description="Bring the idea you submitted.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    res = Client(HTTP_ACCEPT_LANGUAGE="ka").get(f"/trainings/{session.pk}/calendar.ics")
    assert res.status_code == 200 and res["Content-Type"].startswith("text/calendar")
    text = res.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:ტრენინგი\\, ბიუჯეტი" in text and "LOCATION:Terjola\\; hall 2" in text
    assert "DTSTART:20260714T153000Z" in text and "DTEND:20260714T173000Z" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))

    # and a calendar program reads back what the page says
    (event,) = icalendar.Calendar.from_ical(res.content).walk("VEVENT")
    assert str(event["UID"]) == f"training-{session.pk}@civicbudget.example.ge"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=2)
    assert str(event["SUMMARY"]) == "ტრენინგი, ბიუჯეტი"
    assert str(event["LOCATION"]) == "Terjola; hall 2"
    assert str(event["DESCRIPTION"]) == (
        f"Bring the idea you submitted.\nhttps://civicbudget.example.ge/trainings/{session.pk}/"
    )


def test_organizer_creates_a_session_on_the_page(organizer, training_cycle):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    start = timezone.localtime() + timedelta(days=3)
    res = client.post(
        f"/cycles/{training_cycle.pk}/trainings/new/",
        {
            "title_ka": "ტრენინგი",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "",
            "online_url": "",
            "capacity": 10,
            "language": "ka",
        },
    )
    assert res.status_code == 200 and "Give a place or an online link." in res.content.decode()
    res = client.post(
        f"/cycles/{training_cycle.pk}/trainings/new/",
        {
            "title_ka": "ტრენინგი",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Hall",
            "capacity": 10,
            "language": "ka",
        },
    )
    session = TrainingSession.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/trainings/{session.pk}/"


def test_residents_do_not_get_the_session_form(resident, training_cycle):
    client = Client()
    client.force_login(resident)
    assert client.get(f"/cycles/{training_cycle.pk}/trainings/new/").status_code == 403
