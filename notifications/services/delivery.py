"""Sending claimed outbox rows on their channels, once each, and marking them sent.

The crash window, and the choice made
    Between "the provider accepted the message" and "the row is marked sent" a worker can die
    (SIGKILL, OOM, power). The row is then `sending` and nobody knows whether it went out. We
    choose AT-LEAST-ONCE: after a lease (outbox.LEASE seconds, longer than the task's hard time
    limit, so a live worker never holds a claim that old) the beat task puts such rows back to
    pending and they are sent again. Losing a voting notice or a ballot receipt silently is worse
    than a rare duplicate, and at-most-once would drop not only the rare row in the window but
    every row claimed and not yet sent.
    Rows are claimed, sent and marked in batches of CLAIM (settings.NOTIFICATIONS_BATCH, 50):
    one claiming statement (claim.py on PostgreSQL: the UPDATE returns the recipients too),
    the batch sent (texts rendered once per language, each e-mail's MIME copied from one per
    text (mime.py), e-mail over the task's one SMTP connection, SMS in one `send_many` call,
    which a provider with a batch API makes one request), then ONE UPDATE marks every row that
    went out sent (and one more marks the skipped ones). So the crash window is the batch: a worker process killed after sending
    and before that UPDATE resends at most CLAIM rows, all with their own idempotency key.
    Marking each row on its own (the old default) cost half a message's CPU (bench/README.md).
    The remaining duplicate is made harmless downstream: every send carries the row's UUID as
    an idempotency key (the e-mail's Message-ID, the SMS gateway's `reference` and
    `Idempotency-Key`, the push `key`), so mail systems and gateways that honour it drop it.
    A row reclaimed MAX_ATTEMPTS times (a message that kills its worker) ends `failed`.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import channels, claim
from ..channels import DeliveryError
from ..mime import MailTemplates
from ..models import DeliveryChannel, Device, Notification, Status
from .outbox import enqueue, split
from .rendering import BatchRenderer, email_parts, render

log = logging.getLogger(__name__)

# rows a worker claims, sends and marks sent at a time: the crash window (module docstring)
CLAIM = settings.NOTIFICATIONS_BATCH


def backoff(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 30 s, 1, 2, 4, 8 min (about 15 min in all)."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


class _Senders:
    """The channel backends of one delivery task: one SMTP connection for all its e-mails."""

    def __init__(self):
        self._email = self._sms = self._push = None
        self.mails = MailTemplates()  # a fan-out's e-mails are built once per text (mime.py)

    @property
    def email(self):
        if self._email is None:
            self._email = channels.email_connection()
            self._email.open()
        return self._email

    @property
    def sms(self):
        if self._sms is None:
            self._sms = channels.sms_backend()
        return self._sms

    @property
    def push(self):
        if self._push is None:
            self._push = channels.push_backend()
        return self._push

    def close(self):
        if self._email is not None:
            try:
                self._email.close()
            except Exception:  # a connection that dropped cannot say goodbye
                log.warning("closing the e-mail connection failed", exc_info=True)


class _Skip(Exception):
    """Nothing to send: the recipient no longer has this address or device."""


def send(note: Notification, senders: _Senders, tokens=(), render=render):
    """Send one row on its channel; raise DeliveryError (or anything) if it did not go."""
    user = note.recipient
    key = str(note.id)
    if note.channel == DeliveryChannel.SPLIT:
        split(note)  # the rows of its channels, each delivered as any other row
    elif note.channel == DeliveryChannel.EMAIL:
        if not user.email:
            raise _Skip(_("The recipient has no e-mail address."))
        subject, body, headers, link = email_parts(note, render)
        channels.send_email(
            user.email, subject, body, headers=headers, connection=senders.email,
            templates=senders.mails, link=link,
        )  # fmt: skip
    elif note.channel == DeliveryChannel.SMS:
        if not user.phone:
            raise _Skip(_("The recipient has no phone number."))
        channels.send_sms(user.phone, render(note, "sms"), key=key, backend=senders.sms)
    elif note.channel == DeliveryChannel.PUSH:
        if not tokens:
            raise _Skip(_("The recipient has no registered device."))
        title, body = render(note, "subject"), render(note, "push")
        for token in tokens:
            try:
                senders.push.send(token, title, body, key=key)
            except DeliveryError as exc:
                if not exc.permanent:
                    raise
                Device.objects.filter(token=token).delete()  # the app was uninstalled
    # in-app: the row itself is the message


def _claim(ids) -> tuple[list[Notification], dict]:
    """Take the due, pending rows among `ids` for this worker (pending -> sending); with the
    push tokens of their recipients ({user id: [token]}) for the push rows."""
    now = timezone.now()
    due = now + timedelta(seconds=2)
    if connection.vendor == "postgresql":
        return claim.claim(ids, now=now, due=due)  # one statement
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(id__in=ids, status=Status.PENDING, due_at__lte=due)
            .select_related("recipient")
        )
        if rows:
            Notification.objects.filter(id__in=[r.id for r in rows]).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    for row in rows:
        row.status, row.claimed_at, row.attempts = Status.SENDING, now, row.attempts + 1
    tokens: dict[int, list] = {}
    push_users = {r.recipient_id for r in rows if r.channel == DeliveryChannel.PUSH}
    if push_users:
        devices = Device.objects.filter(user_id__in=push_users).order_by("id")
        for user_id, token in devices.values_list("user_id", "token"):
            tokens.setdefault(user_id, []).append(token)
    return rows, tokens


def _failed(note: Notification, exc: Exception, retries: dict):
    permanent = isinstance(exc, DeliveryError) and exc.permanent
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if permanent or note.attempts >= Notification.MAX_ATTEMPTS:
        Notification.objects.filter(id=note.id).update(status=Status.FAILED, last_error=error)
        log.warning("notification %s failed for good: %s", note.id, error)
        return
    delay = backoff(note.attempts)
    Notification.objects.filter(id=note.id).update(
        status=Status.PENDING,
        last_error=error,
        due_at=timezone.now() + timedelta(seconds=delay),
    )
    retries.setdefault(delay, []).append(str(note.id))


@contextmanager
def _asynchronous_commit():
    """Status updates without a disk flush each (PostgreSQL): one flush per message would cap a
    worker at the disk's flush rate. If PostgreSQL itself crashes, the last moments of "sent"
    marks may be lost and those rows are sent again: the at-least-once choice above."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def deliver(ids) -> int:
    """Send each due, pending row among `ids` once; safe to run twice. Returns the number sent."""
    ids = [str(i) for i in ids]
    sent = 0
    retries: dict[int, list] = {}
    senders = _Senders()
    try:
        with _asynchronous_commit():
            sent = _deliver(ids, senders, retries)
    finally:
        senders.close()
    for delay, retry_ids in retries.items():
        enqueue(retry_ids, countdown=delay)
    return sent


def _deliver(ids, senders, retries) -> int:
    sent = 0
    for start in range(0, len(ids), CLAIM):
        rows, tokens = _claim(ids[start : start + CLAIM])
        if rows:
            sent += _send_rows(rows, senders, tokens, retries)
    return sent


def _mark(ids, status, **fields):
    if ids:
        Notification.objects.filter(id__in=ids).update(status=status, **fields)


def _send_rows(rows, senders, tokens, retries) -> int:
    """Send one claimed batch, then mark it in one UPDATE (the batch is the crash window)."""
    texts = BatchRenderer()
    done, skipped, sms = [], {}, []
    try:
        for note in rows:
            if note.channel == DeliveryChannel.SMS and note.recipient.phone:
                sms.append(note)  # below, in one provider call
                continue
            try:
                send(note, senders, tokens.get(note.recipient_id, ()), texts)
            except _Skip as exc:
                skipped.setdefault(str(exc), []).append(note.id)
                continue
            except SoftTimeLimitExceeded:
                raise  # the rest of the claimed rows wait for the lease
            except Exception as exc:
                _failed(note, exc, retries)
                continue
            done.append(note.id)
        if sms:
            outcomes = channels.send_sms_batch(
                senders.sms, [(n.recipient.phone, texts(n, "sms"), str(n.id)) for n in sms]
            )
            for note, error in zip(sms, outcomes, strict=True):
                if error is None:
                    done.append(note.id)
                else:
                    _failed(note, error, retries)
    finally:
        _mark(done, Status.SENT, sent_at=timezone.now())
        for reason, ids in skipped.items():
            _mark(ids, Status.SKIPPED, last_error=reason)
    return len(done)
