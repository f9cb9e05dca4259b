"""E-mail: a line break in a title never reaches a header, and a permanent SMTP error (the
server refused the recipient, a 5xx answer) ends the row as failed at once, not retried."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from notifications.models import Notification, Status
from notifications.services import notify

from .examples import CONTEXTS


class RefusingBackend(BaseEmailBackend):
    error = None

    def send_messages(self, messages):
        raise RefusingBackend.error


def _email_row(user, title, subject="c:1"):
    notify(
        "idea_screened", [user], {**CONTEXTS["idea_screened"], "idea_title": title}, subject=subject
    )
    return Notification.objects.get(recipient=user, channel="email", subject=subject)


def test_a_line_break_in_a_title_never_reaches_an_email_header(
    resident, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = _email_row(resident, "Road\r\nBcc: everyone@example.ge\nX-Evil: 1")
    row.refresh_from_db()
    assert row.status == Status.SENT
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    raw = message.message().as_string()
    headers = raw.split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Evil:" not in headers
    assert message.bcc == []


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"alice@example.ge": (550, b"no such user")}),
        smtplib.SMTPDataError(554, b"rejected by policy"),
    ],
    ids=["recipients refused", "5xx"],
)
def test_a_permanent_smtp_error_is_failed_at_once(
    resident, settings, error, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_email_safety.RefusingBackend"
    RefusingBackend.error = error
    with django_capture_on_commit_callbacks(execute=True):
        row = _email_row(resident, "Road")
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)


def test_a_temporary_smtp_error_is_retried(resident, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.test_email_safety.RefusingBackend"
    RefusingBackend.error = smtplib.SMTPDataError(451, b"try again later")
    with django_capture_on_commit_callbacks(execute=True):
        row = _email_row(resident, "Road")
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1
