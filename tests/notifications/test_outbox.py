import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from notifications.services import notify

from .examples import CONTEXTS

PHASE_CHANGED = CONTEXTS["phase_changed"]


def test_notify_delivers_on_commit_in_the_recipients_language(
    resident, django_capture_on_commit_callbacks
):
    resident.language = "ka"
    resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            "phase_changed",
            [resident],
            {
                **PHASE_CHANGED,
                "cycle_title": "ბიუჯეტი",
                "phase_label": {"ka": "კენჭისყრა", "en": "Voting"},
            },
            subject="c:1",
        )
    rows = Notification.objects.filter(recipient=resident)
    assert {r.channel for r in rows} == {"email", "inapp"}
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 1 and "კენჭისყრა" in mail.outbox[0].body


def test_a_rolled_back_transaction_leaves_no_notification(resident):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify("phase_changed", [resident], PHASE_CHANGED, subject="c:2")
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


def test_the_same_event_is_queued_once(resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify("phase_changed", [resident], PHASE_CHANGED, subject="c:3")
        notify("phase_changed", [resident], PHASE_CHANGED, subject="c:3")
    assert Notification.objects.filter(recipient=resident).count() == 2  # e-mail + in-app
    assert len(mail.outbox) == 1


def test_inbox_lists_in_app_messages_and_marks_them_read(
    api, resident, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            "phase_changed",
            [resident, outsider],
            {**PHASE_CHANGED, "cycle_title": "X"},
            subject="c:4",
        )
    body = api(resident).get("/api/v1/notifications/").json()
    assert body["count"] == 1 and "X" in body["results"][0]["text"]
    note_id = body["results"][0]["id"]
    assert api(outsider).post(f"/api/v1/notifications/{note_id}/read/").status_code == 404
    assert api(resident).post(f"/api/v1/notifications/{note_id}/read/").json() == {"read": 1}
    assert api(resident).get("/api/v1/notifications/").json()["results"][0]["read"] is True
