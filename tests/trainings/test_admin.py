"""The admin only reads sessions and enrollments: scheduling, enrolling and attendance go through
the pages and the API (the waitlist, notifications and the record)."""

from django.test import Client

from tests import factories as f
from trainings.models import Enrollment


def test_sessions_and_enrollments_are_read_only_in_the_admin(training_cycle, author):
    staff = f.UserFactory(
        municipality=training_cycle.municipality, is_staff=True, is_superuser=True
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    session = f.TrainingSessionFactory(cycle=training_cycle, capacity=5)
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    page = client.get(f"/admin/trainings/trainingsession/{session.pk}/change/")
    assert page.status_code == 200 and author.name in page.content.decode()
    assert client.get("/admin/trainings/trainingsession/add/").status_code == 403
    client.post(f"/admin/trainings/trainingsession/{session.pk}/change/", {"capacity": 1})
    session.refresh_from_db()
    assert session.capacity == 5
