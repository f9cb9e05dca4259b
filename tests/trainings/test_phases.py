"""Each write path of the trainings, through the real API, before, in and after its phase, for
each kind of caller. The expected answers are written out by hand from the rules of the
trainings, not read from the phase table.

Terjola's cycle; the author wrote an eligible idea of it (so may enroll); the resident lives in
Terjola without one; the trainer is a Terjola resident who gives the session; the outsider lives
in Vani; the organizer organizes Terjola, the Vani organizer only Vani.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f
from trainings.models import Enrollment, TrainingSession

ROLES = ["anonymous", "author", "resident", "trainer", "outsider", "organizer", "vani_organizer"]


@pytest.fixture
def trainer(terjola):
    return f.UserFactory(name="Tamar", municipality=terjola)


@pytest.fixture
def world(cycle, author, resident, trainer, outsider, organizer, vani_organizer):
    """The people by role, and a session of Terjola's cycle given by the trainer."""
    f.IdeaFactory(cycle=cycle, author=author, status="eligible")
    session = f.TrainingSessionFactory(cycle=cycle, trainer=trainer, capacity=5)
    people = {
        "anonymous": None,
        "author": author,
        "resident": resident,
        "trainer": trainer,
        "outsider": outsider,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }
    return people, session


def cases(table):
    """{phase: [status per ROLES]} -> pytest parameters (phase, role, status)."""
    return [
        pytest.param(phase, role, status, id=f"{phase}-{role}-{status}")
        for phase, statuses in table.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ]


# --- scheduling sessions: the municipality's organizers, until the trainings end ---

SCHEDULE = {
    # anonymous, author, resident, trainer, outsider, organizer, vani_organizer
    "draft": [401, 403, 403, 403, 403, 201, 403],
    "training": [401, 403, 403, 403, 403, 201, 403],
    "jury_review": [401, 403, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(SCHEDULE))
def test_schedule_a_session(api, world, cycle, phase, when, role, expected):
    people, _session = world
    phase(cycle, when)
    start = timezone.now() + timedelta(days=7)
    body = {
        "cycle": cycle.pk,
        "title_ka": "პროექტის წერა",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "place": "Terjola library",
        "capacity": 15,
    }
    res = api(people[role]).post("/api/v1/trainings/", body)
    assert res.status_code == expected, res.content
    assert TrainingSession.objects.filter(title_ka="პროექტის წერა").exists() == (expected == 201)


EDIT = {
    "draft": [401, 403, 403, 403, 403, 200, 403],
    "training": [401, 403, 403, 403, 403, 200, 403],
    "jury_review": [401, 403, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(EDIT))
def test_edit_a_session(api, world, cycle, phase, when, role, expected):
    people, session = world
    phase(cycle, when)
    res = api(people[role]).patch(f"/api/v1/trainings/{session.pk}/", {"capacity": 30})
    assert res.status_code == expected, res.content
    session.refresh_from_db()
    assert session.capacity == (30 if expected == 200 else 5)


# --- enrolling: authors of eligible ideas (organizers for someone who phoned in), in trainings ---

ENROLL = {
    "idea_submission": [401, 409, 403, 403, 403, 409, 403],
    "training": [401, 201, 403, 403, 403, 201, 403],
    "jury_review": [401, 409, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(ENROLL))
def test_enroll(api, world, cycle, author, phase, when, role, expected):
    people, session = world
    phase(cycle, when)
    # the organizer enrolls the author, who phoned in; everyone else enrolls themself
    body = {"person": author.email} if role == "organizer" else {}
    res = api(people[role]).post(f"/api/v1/trainings/{session.pk}/enroll/", body)
    assert res.status_code == expected, res.content
    assert Enrollment.objects.filter(session=session).exists() == (expected == 201)


CANCEL = {
    "idea_submission": [401, 409, 403, 403, 403, 409, 403],
    "training": [401, 200, 403, 403, 403, 200, 403],
    "jury_review": [401, 409, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(CANCEL))
def test_cancel(api, world, cycle, author, phase, when, role, expected):
    people, session = world
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    phase(cycle, when)
    body = {"person": author.email} if role == "organizer" else {}
    res = api(people[role]).post(f"/api/v1/trainings/{session.pk}/cancel/", body)
    assert res.status_code == expected, res.content
    status = Enrollment.objects.get(session=session, user=author).status
    assert status == ("cancelled" if expected == 200 else "enrolled")


# --- attendance: the municipality's organizers and the session's trainer, in trainings ---

ATTENDANCE = {
    "idea_submission": [401, 403, 403, 409, 403, 409, 403],
    "training": [401, 403, 403, 200, 403, 200, 403],
    "jury_review": [401, 403, 403, 409, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(ATTENDANCE))
def test_mark_attendance(api, world, cycle, author, phase, when, role, expected):
    people, session = world
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    # the session has started: attendance is marked from then on (test_attendance)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    phase(cycle, when)
    body = {"user": author.pk, "attended": True}
    res = api(people[role]).post(f"/api/v1/trainings/{session.pk}/attendance/", body)
    assert res.status_code == expected, res.content
    attended = Enrollment.objects.get(session=session, user=author).attended
    assert attended is (True if expected == 200 else None)
