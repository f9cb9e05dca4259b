from datetime import timedelta

from django.utils import timezone

from notifications.models import Notification
from tests import factories as f
from trainings.models import Enrollment
from trainings.tasks import send_training_reminders


def test_reminder_is_sent_once_when_the_task_runs_twice(training_cycle, author, resident):
    soon = f.TrainingSessionFactory(
        cycle=training_cycle, starts_at=timezone.now() + timedelta(hours=20)
    )
    later = f.TrainingSessionFactory(
        cycle=training_cycle, starts_at=timezone.now() + timedelta(days=3)
    )
    Enrollment.objects.create(session=soon, user=author, status="enrolled")
    Enrollment.objects.create(session=soon, user=resident, status="waitlisted")
    Enrollment.objects.create(session=later, user=resident, status="enrolled")

    assert send_training_reminders.delay().get() == 1
    assert send_training_reminders.delay().get() == 0

    reminders = Notification.objects.filter(kind="training_reminder")
    assert {n.recipient_id for n in reminders} == {author.pk}
    # one row per channel, never two on the same channel
    channels = [n.channel for n in reminders]
    assert sorted(channels) == sorted(set(channels)) and "email" in channels
    assert Enrollment.objects.get(user=author).reminded_at is not None


def test_reminder_after_a_promotion_reaches_the_promoted_person(training_cycle, author):
    soon = f.TrainingSessionFactory(
        cycle=training_cycle, starts_at=timezone.now() + timedelta(hours=5)
    )
    Enrollment.objects.create(
        session=soon, user=author, status="enrolled", promoted_at=timezone.now()
    )
    send_training_reminders.delay()
    assert Notification.objects.filter(kind="training_reminder", recipient=author).exists()


def test_sessions_already_started_get_no_reminder(training_cycle, author):
    started = f.TrainingSessionFactory(
        cycle=training_cycle, starts_at=timezone.now() - timedelta(minutes=5)
    )
    Enrollment.objects.create(session=started, user=author, status="enrolled")
    assert send_training_reminders.delay().get() == 0
