import csv
import io

import pytest
from django.test import Client

from tests import factories as f
from trainings.models import Enrollment


@pytest.fixture
def session(session):
    """The session has started (attendance is marked from then on)."""
    return f.session_takes_place(session)


@pytest.fixture
def upcoming(training_cycle):
    """A session ten days ahead (the factory's default)."""
    return f.TrainingSessionFactory(cycle=training_cycle, capacity=2)


def test_organizer_marks_attendance_through_the_api(api, organizer, session, author):
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    res = api(organizer).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 200, res.json()
    assert res.json()["attended"] is True
    assert Enrollment.objects.get(user=author).attended is True


def test_the_sessions_trainer_may_mark_attendance(api, session, author, resident):
    session.trainer = resident
    session.save()
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    res = api(resident).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": author.pk, "attended": False}
    )
    assert res.status_code == 200
    assert Enrollment.objects.get(user=author).attended is False


def test_residents_cannot_mark_attendance(api, session, author):
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    res = api(author).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 403
    assert Enrollment.objects.get(user=author).attended is None


def test_someone_not_enrolled_cannot_be_marked(api, organizer, session, author):
    res = api(organizer).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 409 and "enroll them first" in res.json()["error"]["message"]
    res = api(organizer).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": 99999, "attended": True}
    )
    assert res.status_code == 404
    res = api(organizer).post(f"/api/v1/trainings/{session.pk}/attendance/", {"user": "x"})
    assert res.status_code == 400


def test_attendance_page_marks_the_whole_session_and_exports_csv(organizer, session):
    people = [f.UserFactory(municipality=session.cycle.municipality) for _ in range(3)]
    for p in people:
        Enrollment.objects.create(session=session, user=p, status="enrolled")
    client = Client()
    client.force_login(organizer)
    page = client.get(f"/trainings/{session.pk}/attendance/").content.decode()
    assert all(p.name in page for p in people)
    res = client.post(
        f"/trainings/{session.pk}/attendance/", {"present": [people[0].pk, people[2].pk]}
    )
    assert res.status_code == 302
    marks = dict(Enrollment.objects.values_list("user_id", "attended"))
    assert marks == {people[0].pk: True, people[1].pk: False, people[2].pk: True}

    res = client.get(f"/trainings/{session.pk}/attendance.csv")
    assert res["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name" or rows[0][0]  # header row in the request's language
    by_name = {r[0]: r[3] for r in rows[1:]}
    assert (
        len(by_name) == 3
        and list(by_name.values()).count("no") + list(by_name.values()).count("არა") == 1
    )


def test_residents_get_no_attendance_page(resident, session):
    client = Client()
    client.force_login(resident)
    assert client.get(f"/trainings/{session.pk}/attendance/").status_code == 403
    assert client.get(f"/trainings/{session.pk}/attendance.csv").status_code == 403


def test_attendance_cannot_be_marked_before_the_session_starts(api, organizer, upcoming, author):
    Enrollment.objects.create(session=upcoming, user=author, status="enrolled")
    res = api(organizer).post(
        f"/api/v1/trainings/{upcoming.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 409
    error = res.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"].startswith("Attendance can be marked once the session has started")
    assert Enrollment.objects.get(user=author).attended is None
    # the training gate stays shut: marking early on the page is refused as well
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    client.cookies.load({"django_language": "en"})
    page = client.get(f"/trainings/{upcoming.pk}/attendance/").content.decode()
    assert "Attendance can be marked once the session has started" in page
    assert 'name="present"' not in page and author.name in page
    res = client.post(f"/trainings/{upcoming.pk}/attendance/", {"present": [author.pk]})
    assert "Attendance can be marked once the session has started" in res.content.decode()
    assert Enrollment.objects.get(user=author).attended is None
    # once it has started, it can
    f.session_takes_place(upcoming, hours=0)
    res = api(organizer).post(
        f"/api/v1/trainings/{upcoming.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 200
