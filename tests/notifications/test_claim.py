"""A worker claims a batch of outbox rows in one statement on PostgreSQL (claim.py; the ORM claim
elsewhere): only due, pending rows, never one row for two workers, with what sending needs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.models import Device, Notification, Status
from notifications.services import deliver, notify
from notifications.services.delivery import _claim
from tests import factories as f
from tests.races import race_n

from .test_delivery import SENT_SMS

VOTING_OPENED = {"cycle": 7, "cycle_title": {"ka": "ბიუჯეტი 2027", "en": "Budget 2027"}}


@pytest.fixture
def no_tasks(monkeypatch):
    """No delivery task on commit: the racing workers of the test are the only ones."""
    monkeypatch.setattr(services.outbox, "enqueue", lambda ids, **options: 0)


def _residents(terjola, n, **fields):
    return [
        f.UserFactory(
            email=f"resident{i}@example.ge",
            phone=f"+99559900{i:04d}",
            phone_verified=True,
            municipality=terjola,
            **fields,
        )
        for i in range(n)
    ]


def test_the_claim_takes_due_pending_rows_with_their_recipients_and_push_tokens(
    terjola, django_assert_num_queries
):
    alice, bob = _residents(terjola, 2, language="en")
    Device.objects.create(user=alice, token="alice-phone")
    notify("voting_opened", [alice, bob], VOTING_OPENED, subject="cycle:7:voting")
    rows = Notification.objects.exclude(channel="inapp")
    later = rows.get(recipient=bob, channel="sms")
    Notification.objects.filter(pk=later.pk).update(due_at=timezone.now() + timedelta(minutes=5))

    claimed, tokens = _claim(list(rows.values_list("id", flat=True)))

    assert {(r.recipient.email, r.channel) for r in claimed} == {
        ("resident0@example.ge", "email"),
        ("resident0@example.ge", "sms"),
        ("resident0@example.ge", "push"),
        ("resident1@example.ge", "email"),
    }
    with django_assert_num_queries(0):  # what sending needs came with the claim
        assert all(
            (r.recipient.language, r.recipient.phone_verified, r.attempts) == ("en", True, 1)
            for r in claimed
        )
    assert tokens == {alice.pk: ["alice-phone"]}
    assert set(rows.filter(status=Status.SENDING).values_list("id", flat=True)) == {
        r.id for r in claimed
    }
    assert _claim([r.id for r in claimed]) == ([], {})  # taken: nothing left to claim


def test_a_batch_is_claimed_sent_and_marked_in_a_few_queries(
    terjola, settings, django_assert_max_num_queries
):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.RecordingSMS"
    settings.PUSH_BACKEND = "tests.notifications.test_delivery.RecordingPush"
    users = _residents(terjola, 15)
    for user in users[:5]:
        Device.objects.create(user=user, token=f"phone-{user.pk}")
    notify("voting_opened", users, VOTING_OPENED, subject="cycle:7:voting")
    ids = list(Notification.objects.exclude(channel="inapp").values_list("id", flat=True))
    assert len(ids) == 35  # e-mail, SMS and 5 push: one batch of NOTIFICATIONS_BATCH (50)
    # PostgreSQL: the claim and the "sent" UPDATE; elsewhere the claim is a transaction of its
    # own and the push tokens one more query
    with django_assert_max_num_queries(2 if connection.vendor == "postgresql" else 7):
        assert deliver(ids) == 35
    assert set(Notification.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SENT
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_claiming_the_same_rows_at_once_never_take_a_row_twice(terjola, no_tasks):
    users = _residents(terjola, 60)
    notify("voting_opened", users, VOTING_OPENED, subject="cycle:7:voting")
    ids = list(Notification.objects.exclude(channel="inapp").values_list("id", flat=True))

    claims = race_n(6, lambda i: [row.id for row in _claim(ids)[0]])

    taken = [row_id for claimed in claims for row_id in claimed]
    assert len(taken) == len(set(taken)) == len(ids) == 120


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_delivering_the_same_rows_at_once_send_each_once(terjola, settings, no_tasks):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.RecordingSMS"
    SENT_SMS.clear()
    users = _residents(terjola, 60)
    notify("voting_opened", users, VOTING_OPENED, subject="cycle:7:voting")
    sms = list(Notification.objects.filter(channel="sms").values_list("id", flat=True))

    outcomes = race_n(4, lambda i: deliver(sms))

    assert sum(outcomes) == 60
    assert sorted(key for _phone, _text, key in SENT_SMS) == sorted(str(i) for i in sms)
