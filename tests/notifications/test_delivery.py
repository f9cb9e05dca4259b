"""Retries, backoff, failure, the lease, and fan-out — with eager tasks (the worker tests are in
test_worker.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.channels import DeliveryError
from notifications.models import Device, Notification, Preference, Status
from notifications.services import deliver, notify, requeue_stale
from tests import factories as f

from .examples import CONTEXTS

PHASE_CHANGED = CONTEXTS["phase_changed"]

SENT_SMS = []


class RecordingSMS:
    fail_with = None

    def send(self, phone, text, *, key=""):
        if RecordingSMS.fail_with:
            raise RecordingSMS.fail_with
        SENT_SMS.append((phone, text, key))


class RecordingPush:
    def send(self, token, title, body, *, key=""):
        if token.startswith("gone"):
            raise DeliveryError("unregistered", permanent=True)
        SENT_SMS.append((token, title, key))


@pytest.fixture(autouse=True)
def recording(settings):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.RecordingSMS"
    settings.PUSH_BACKEND = "tests.notifications.test_delivery.RecordingPush"
    SENT_SMS.clear()
    RecordingSMS.fail_with = None
    yield
    RecordingSMS.fail_with = None


def _sms_row(user, subject="c:1"):
    notify(
        "idea_screened",
        [user],
        {**CONTEXTS["idea_screened"], "idea_title": "Road"},
        subject=subject,
    )
    return Notification.objects.get(recipient=user, channel="sms", subject=subject)


def test_a_failing_channel_is_retried_with_backoff_then_ends_failed_with_its_last_error(
    resident, django_capture_on_commit_callbacks
):
    RecordingSMS.fail_with = DeliveryError("gateway answered 503")
    with django_capture_on_commit_callbacks(execute=True):
        row = _sms_row(resident)
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1
    assert row.last_error == "DeliveryError: gateway answered 503"
    assert row.due_at > timezone.now() + timedelta(seconds=20)  # backoff, not a hot loop

    delays = []
    for _attempt in range(Notification.MAX_ATTEMPTS - 1):
        Notification.objects.filter(pk=row.pk).update(due_at=timezone.now())
        deliver([row.pk])
        row.refresh_from_db()
        delays.append(row.due_at - timezone.now())
    assert row.status == Status.FAILED and row.attempts == Notification.MAX_ATTEMPTS
    assert "503" in row.last_error
    assert delays[1] > delays[0]
    assert SENT_SMS == []


def test_a_permanent_error_fails_at_once(resident, django_capture_on_commit_callbacks):
    RecordingSMS.fail_with = DeliveryError("invalid number", permanent=True)
    with django_capture_on_commit_callbacks(execute=True):
        row = _sms_row(resident)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)


def test_a_row_is_not_sent_before_it_is_due(resident, django_capture_on_commit_callbacks):
    row = _sms_row(resident)
    Notification.objects.filter(pk=row.pk).update(due_at=timezone.now() + timedelta(minutes=5))
    assert deliver([row.pk]) == 0
    assert SENT_SMS == []


def test_delivering_the_same_rows_twice_sends_once(resident):
    row = _sms_row(resident)
    assert deliver([row.pk, row.pk]) == 1
    assert deliver([row.pk]) == 0
    assert len(SENT_SMS) == 1 and SENT_SMS[0][2] == str(row.pk)  # the id is the idempotency key


def test_the_beat_task_re_enqueues_rows_left_pending_and_reclaims_rows_stuck_sending(resident):
    pending = _sms_row(resident, "c:1")  # its task never ran (broker down)
    stuck = _sms_row(resident, "c:2")
    fresh = _sms_row(resident, "c:3")
    long_ago = timezone.now() - timedelta(minutes=30)
    Notification.objects.filter(pk=pending.pk).update(due_at=long_ago)
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, claimed_at=long_ago, attempts=1
    )
    assert requeue_stale() == 2  # tasks run eagerly here
    statuses = dict(Notification.objects.filter(channel="sms").values_list("subject", "status"))
    assert statuses == {"c:1": "sent", "c:2": "sent", "c:3": "pending"}
    assert fresh.pk not in {key for _p, _t, key in SENT_SMS}


def test_a_row_that_keeps_killing_its_worker_ends_failed(resident):
    row = _sms_row(resident)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        attempts=Notification.MAX_ATTEMPTS,
    )
    requeue_stale()
    row.refresh_from_db()
    assert row.status == Status.FAILED and "worker stopped" in row.last_error


def test_a_row_being_sent_within_its_lease_is_left_alone(resident):
    row = _sms_row(resident)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert requeue_stale() == 0
    assert SENT_SMS == []


def test_push_goes_to_each_registered_device_and_forgets_uninstalled_ones(
    resident, django_capture_on_commit_callbacks
):
    Device.objects.create(user=resident, token="phone-a")
    Device.objects.create(user=resident, token="gone-b")
    with django_capture_on_commit_callbacks(execute=True):
        notify("phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject="c:1")
    assert sorted(t for t, _title, _k in SENT_SMS) == ["phone-a"]
    assert list(Device.objects.values_list("token", flat=True)) == ["phone-a"]
    assert Notification.objects.get(channel="push").status == Status.SENT


def test_notify_takes_a_queryset_or_ids_and_writes_few_queries(
    terjola, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    users = f.UserFactory.create_batch(30, municipality=terjola, phone=None, language="ka")
    Device.objects.create(user=users[0], token="t0")
    Preference.objects.create(user=users[1], kind="phase_changed", channel="email", enabled=False)
    users[2].email, users[2].phone = None, "+995599999000"
    users[2].save()
    residents = terjola.residents.all()
    with django_assert_max_num_queries(12):  # two calls, however many recipients
        notify("phase_changed", residents, {**PHASE_CHANGED, "cycle_title": "T"}, subject="a")
        notify(
            "phase_changed", residents, {**PHASE_CHANGED, "cycle_title": "T"}, subject="a"
        )  # deduped
    rows = Notification.objects.filter(subject="a")
    assert rows.count() == 30 * 2 + 1 - 2
    assert set(rows.filter(recipient=users[0]).values_list("channel", flat=True)) == {
        "email",
        "inapp",
        "push",
    }
    assert set(rows.filter(recipient=users[1]).values_list("channel", flat=True)) == {"inapp"}
    assert rows.get(recipient=users[3], channel="inapp").status == Status.SENT
    assert rows.get(recipient=users[3], channel="email").dedupe_key == (
        f"phase_changed:{users[3].pk}:a:email"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            "phase_changed",
            [u.pk for u in users],
            {**PHASE_CHANGED, "cycle_title": "T"},
            subject="b",
        )
    assert len(mail.outbox) == 28
    assert Notification.objects.filter(subject="b", channel="inapp", status="sent").count() == 30


def test_notify_chunks_large_fan_outs(terjola, monkeypatch):
    monkeypatch.setattr(services.outbox, "INSERT_CHUNK", 7)
    f.UserFactory.create_batch(20, municipality=terjola, phone=None)
    ids = notify("phase_changed", terjola.residents.all(), PHASE_CHANGED, subject="x")
    assert len(ids) == 40 and Notification.objects.count() == 40
