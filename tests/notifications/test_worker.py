"""Never lost, never twice — against a real Redis and a real Celery worker process.

These need PostgreSQL (the worker is another process and must see committed rows of the test
database) and `redis-server` on the PATH; the test starts its own Redis on a spare port.
"""

import shutil
import time

import pytest
from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.services import phone_code_send
from notifications import services
from notifications.models import Notification, Status
from notifications.services import enqueue, notify, requeue_stale
from tests.conftest import needs

from .examples import CONTEXTS
from .processes import RedisServer, Worker, use_broker, wait_until

PHASE_CHANGED = CONTEXTS["phase_changed"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    needs(shutil.which("redis-server"), "needs redis-server"),
]


@pytest.fixture(scope="module")
def redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(redis, django_db_setup, tmp_path_factory):
    old = use_broker(redis.url, False)
    try:  # whatever happens, the tests after these get their eager tasks back
        process = Worker(redis_url=redis.url, tmp=tmp_path_factory.mktemp("worker"), concurrency=4)
        yield process
        process.kill()  # nothing left to finish; a warm shutdown only costs time
    finally:
        use_broker(*old)


@pytest.fixture
def running(worker, redis):
    """The worker, started, with empty mailboxes; Redis up."""
    if not redis.answers():
        redis.start()
    worker.clear()
    if worker.process is None:
        worker.start()
    yield worker
    if worker.process is not None and worker.process.poll() is not None:
        pytest.fail("the worker died:\n" + worker.log_tail())


def _sent(**filters):
    return Notification.objects.filter(status=Status.SENT, **filters).count()


def test_a_notification_made_while_redis_is_down_is_delivered_once_when_it_is_back(
    running, redis, resident
):
    redis.stop()
    started = time.monotonic()
    phone_code_send(user=resident, phone="+995 599 12 34 56")  # the resident's request succeeds
    assert time.monotonic() - started < 5, "a broker outage must not hang the request"
    row = Notification.objects.get(kind="phone_code")
    assert row.status == Status.PENDING

    redis.start()
    # the beat task: rows pending for its grace period go back to the queue
    assert requeue_stale(pending_for=0) == 1
    wait_until(lambda: _sent(kind="phone_code") == 1, 30, message="delivery\n" + running.log_tail())
    # a second beat run and a duplicated task change nothing
    requeue_stale(pending_for=0)
    enqueue([row.pk])
    time.sleep(1.5)
    sms = running.sms()
    assert len(sms) == 1, sms
    key, phone, text = sms[0]
    assert (key, phone) == (str(row.pk), "+995599123456") and "Civic Budget" in text


def test_a_worker_killed_in_the_middle_of_a_fan_out_leaves_every_recipient_one_message(
    running, terjola, monkeypatch
):
    recipients = User.objects.bulk_create(
        User(email=f"r{n}@terjola.ge", name=f"R{n}", municipality=terjola, language="ka")
        for n in range(2000)
    )
    monkeypatch.setattr(services.outbox, "CHUNK", 100)  # 20 delivery tasks
    with transaction.atomic():
        notify(
            "phase_changed",
            User.objects.filter(municipality=terjola),
            {**PHASE_CHANGED, "cycle_title": {"ka": "თერჯოლა 2026", "en": "Terjola 2026"}},
            subject="cycle:1:voting",
        )
    wait_until(lambda: _sent(channel="email") >= 300, 60, 0.02, "deliveries to start")
    running.kill()
    at_kill = _sent(channel="email")
    assert at_kill < 2000, "the fan-out finished before the kill; nothing was tested"
    assert Notification.objects.filter(status=Status.SENDING).exists()  # claimed, then orphaned

    # after the lease, the beat task puts rows the dead worker claimed back in the queue
    requeue_stale(pending_for=0, lease=0)
    running.start()
    wait_until(lambda: _sent(channel="email") == 2000, 60, 0.2, "the rest\n" + running.log_tail())

    inbox = running.emails()
    assert set(inbox) == {u.email for u in recipients}
    # one message per recipient; a resend of the rows a pool process had sent and not yet marked
    # (at most its one batch, settings.NOTIFICATIONS_BATCH) carries the same Message-ID, so mail
    # systems drop it
    assert all(len(set(ids)) == 1 for ids in inbox.values())
    resent = sum(len(ids) for ids in inbox.values()) - 2000
    assert resent <= running.concurrency * settings.NOTIFICATIONS_BATCH
    assert Notification.objects.filter(channel="inapp").count() == 2000


def test_a_rolled_back_transaction_leaves_no_notification_to_deliver(running, resident):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify("phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject="c:1")
        raise RuntimeError("the change failed")
    assert requeue_stale(pending_for=0) == 0
    notify(
        "phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject="c:2"
    )  # a control
    wait_until(lambda: _sent(channel="email") == 1, 30, message="the control")
    assert not Notification.objects.filter(subject="c:1").exists()
    assert list(running.emails()) == [resident.email]


def test_receipts_handed_over_by_the_relay_reach_each_channel_once(running, terjola):
    # a moment of the last evening: receipts of many voters, each one split row, each written
    # by its ballot's statement and handed over by the process's relay, not a task each
    voters = User.objects.bulk_create(
        User(email=f"v{n}@terjola.ge", name=f"V{n}", municipality=terjola) for n in range(20)
    )
    rows = [
        services.split_row(
            "ballot_received",
            voter,
            {"cycle": 1, "cycle_title": {"ka": "თ", "en": "T"}},
            secret_context={"receipts": f"RECEIPT{n:02d}"},
            subject=f"cycle:1:ballot:{n}",
        )
        for n, voter in enumerate(voters)
    ]
    Notification.objects.bulk_create(rows)
    services.enqueue_soon([r.id for r in rows])
    wait_until(
        lambda: _sent(channel="email") == 20, 30, message="the receipts\n" + running.log_tail()
    )
    inbox = running.emails()
    assert sorted(inbox) == sorted(v.email for v in voters)
    assert all(len(ids) == 1 for ids in inbox.values())
    assert _sent(channel="split") == 20 and _sent(channel="inapp") == 20
