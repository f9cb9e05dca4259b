"""200 people press "enroll" at the same moment for a 20-seat session."""

import pytest

from accounts.models import User
from ideas.models import Idea
from trainings import services
from trainings.models import Enrollment

from ..races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_200_simultaneous_enrollments_fill_20_seats_and_queue_180_in_arrival_order(
    training_cycle, monkeypatch
):
    # the outbox rows are still written in each enrollment's transaction; only the delivery
    # after commit (console e-mail and SMS, 400 of them) is left out to keep the test short
    monkeypatch.setattr("notifications.services.outbox.enqueue", lambda ids: None)
    from tests import factories as f

    session = f.TrainingSessionFactory(cycle=training_cycle, capacity=20)
    # 200 authors of eligible ideas, made in bulk (hashing 200 passwords would take longer
    # than the race itself)
    people = User.objects.bulk_create(
        [
            User(
                name=f"Racer {i}",
                email=f"racer{i}@example.ge",
                municipality=training_cycle.municipality,
            )
            for i in range(200)
        ]
    )
    Idea.objects.bulk_create(
        [
            Idea(
                cycle=training_cycle,
                author=p,
                title=f"Idea {p.pk}",
                summary="x",
                estimated_cost=5000,
                status="eligible",
            )
            for p in people
        ]
    )
    # at most 30 of the 200 threads hold a connection at a time (tests/races.py); they still
    # race each other for the session's lock
    enrollments = race(
        *(lambda p=p: services.session_enroll(session=session, user=p) for p in people),
        expected=(),
    )
    results = {e.user_id: e for e in enrollments}
    rows = list(Enrollment.objects.filter(session=session).order_by("id"))
    assert len(rows) == 200
    assert sum(r.status == "enrolled" for r in rows) == 20
    assert sum(r.status == "waitlisted" for r in rows) == 180
    # arrival order: the first 20 to get the lock have the seats, the rest queue behind them
    assert [r.status for r in rows] == ["enrolled"] * 20 + ["waitlisted"] * 180
    positions = [results[r.user_id].position() for r in rows[20:]]
    assert positions == list(range(1, 181))
