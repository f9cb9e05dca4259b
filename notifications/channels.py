"""Delivery channels: e-mail through Django's backends, SMS and push through a backend interface.

SMS_BACKEND and PUSH_BACKEND name a class in settings (console by default). A backend sends one
message and raises `DeliveryError` when it did not; `permanent=True` says a retry cannot help
(an invalid number, an unknown token). Every send carries `key`, the notification's id, as an
idempotency key, so a provider that honours it drops the duplicate a crashed worker may resend.
"""

import json
import logging
import smtplib
import urllib.error
import urllib.request

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A channel failed. Retried with backoff unless `permanent`."""

    def __init__(self, message, *, permanent=False):
        super().__init__(message)
        self.permanent = permanent


class SMSBackend:
    """Interface: send one text to one phone number (E.164).

    `send_many` sends a worker's batch; a provider with a batch API overrides it with one
    request. It returns, per message in order, None (sent) or the exception that stopped it, so
    one bad number does not fail the rest of the batch."""

    def send(self, phone: str, text: str, *, key: str = ""):
        raise NotImplementedError

    def send_many(self, messages) -> list:
        """`messages`: [(phone, text, key)]; one result per message (None or the exception)."""
        out = []
        for phone, text, key in messages:
            try:
                self.send(phone, text, key=key)
            except SoftTimeLimitExceeded:
                raise  # the task is out of time: the rest of the batch waits for the lease
            except Exception as exc:  # noqa: BLE001 - handed back, judged per row by the caller
                out.append(exc)
            else:
                out.append(None)
        return out


class PushBackend:
    """Interface: send one push message to one device token."""

    def send(self, token: str, title: str, body: str, *, key: str = ""):
        raise NotImplementedError


class ConsoleSMSBackend(SMSBackend):
    def send(self, phone, text, *, key=""):
        print(f"[SMS to {phone}] {text}", flush=True)


class ConsolePushBackend(PushBackend):
    def send(self, token, title, body, *, key=""):
        print(f"[push to {token[:12]}…] {title}: {body}", flush=True)


class HTTPSMSBackend(SMSBackend):
    """A generic JSON-over-HTTPS SMS gateway, configured from the environment.

    POST SMS_HTTP_URL with `Authorization: Bearer SMS_HTTP_TOKEN` and
    {"from": SMS_SENDER, "to", "text", "reference"}; any 2xx is success. 4xx (except 408 and 429)
    is permanent; 5xx, 408, 429, timeouts and network errors are retried.
    """

    timeout = 10

    def __init__(self, url=None, token=None, sender=None):
        self.url = url or settings.SMS_HTTP_URL
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.sender = sender or settings.SMS_SENDER
        if not self.url:
            raise DeliveryError("SMS_HTTP_URL is not set", permanent=True)

    def send(self, phone, text, *, key=""):
        payload = {"from": self.sender, "to": phone, "text": text, "reference": key}
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
            raise DeliveryError(f"SMS gateway answered {exc.code}", permanent=permanent)
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise DeliveryError(f"SMS gateway unreachable: {exc}")


def sms_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()


def push_backend() -> PushBackend:
    return import_string(settings.PUSH_BACKEND)()


def email_connection():
    """One connection for a chunk of e-mails (SMTP would otherwise log in for each)."""
    return get_connection(fail_silently=False)


def send_email(
    to, subject, body, *, headers=None, html=None, connection=None, templates=None, link=""
):
    """Send one e-mail. With `templates` (mime.MailTemplates, a delivery task's), its MIME is
    copied from the task's e-mail of the same text; `link` is the recipient's own URL in it."""
    if templates is not None and not html:
        msg = templates.email(
            to=to, subject=subject, body=body, headers=headers or {}, link=link,
            connection=connection,
        )  # fmt: skip
    else:
        msg = EmailMultiAlternatives(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [to],
            headers=headers,
            connection=connection,
        )
    if html:
        msg.attach_alternative(html, "text/html")
    try:
        msg.send()
    except (smtplib.SMTPRecipientsRefused, BadHeaderError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        # 5xx: the server refuses for good (no such mailbox, policy); 4xx: try again later
        raise DeliveryError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=500 <= exc.smtp_code < 600
        ) from None


def send_sms_batch(backend, messages) -> list:
    """SMSBackend.send_many on `backend`, also for a backend that only knows `send`."""
    many = getattr(backend, "send_many", None)
    return many(messages) if many is not None else SMSBackend.send_many(backend, messages)


def send_sms(phone, text, *, key="", backend=None):
    (backend or sms_backend()).send(phone, text, key=key)
