from django.core import mail

from notifications.models import Notification, Status
from notifications.services import notify
from tests import factories as f

from .examples import CONTEXTS

PHASE_CHANGED = CONTEXTS["phase_changed"]


def test_outbox_admin_counts_pending_and_failed_and_resends_failed_rows(
    client, resident, django_capture_on_commit_callbacks
):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    notify("phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject="c:1")
    row = Notification.objects.get(channel="email")
    Notification.objects.filter(pk=row.pk).update(
        status=Status.FAILED, attempts=6, last_error="SMTP 451"
    )
    client.force_login(admin)
    page = client.get(
        "/admin/notifications/notification/?status=failed&channel=email&kind=phase_changed",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert b"pending: 0, failed: 1" in page.content and b"SMTP 451" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/notifications/notification/",
            {"action": "resend", "_selected_action": [str(row.pk)]},
        )
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mail.outbox) == 1
