"""The outbox: notify() writes rows in the caller's transaction; workers deliver them after commit.

notifications imports no domain app: callers pass users (objects, a queryset or ids) and a plain
JSON context.

Never lost
    A row is written in the same transaction as the change that caused it, so both commit or
    neither does. Delivery is enqueued on commit; if the broker is down the row simply stays
    `pending`, and the beat task (`requeue_stale`, every minute) re-enqueues rows left pending
    for PENDING_GRACE seconds. Tasks acknowledge late, and a row that fails is retried with
    exponential backoff until MAX_ATTEMPTS, then ends `failed` with its last error.

Never twice
    The unique dedupe key (kind, recipient, subject, channel) makes one row per event, however
    often the caller retries. A worker sends a row only after claiming it with a conditional
    UPDATE (pending -> sending), so duplicated or re-enqueued tasks find nothing to do.

The crash window, and the choice made
    Between "the provider accepted the message" and "the row is marked sent" a worker can die
    (SIGKILL, OOM, power). The row is then `sending` and nobody knows whether it went out. We
    choose AT-LEAST-ONCE: after a lease (LEASE seconds, longer than the task's hard time limit,
    so a live worker never holds a claim that old) the beat task puts such rows back to pending
    and they are sent again. Losing a voting notice or a ballot receipt silently is worse than a
    rare duplicate, and at-most-once would drop not only the rare row in the window but every
    row claimed and not yet sent. The window is kept to one row per worker process: rows are
    claimed in small batches, and each is marked sent in its own autocommit UPDATE right after
    its send returns (NOTIFICATIONS_MARK_EVERY = 1; raising it trades a window of that many
    rows for fewer writes, see bench/README.md).
    The remaining duplicate is made harmless downstream: every send carries the row's UUID as
    an idempotency key (the e-mail's Message-ID, the SMS gateway's `reference` and
    `Idempotency-Key`, the push `key`), so mail systems and gateways that honour it drop it.
    A row reclaimed MAX_ATTEMPTS times (a message that kills its worker) ends `failed`.
"""

import logging
import string
from contextlib import contextmanager
from datetime import timedelta
from functools import lru_cache, partial
from itertools import islice

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import channels, fanout
from .catalogue import CATALOGUE
from .channels import DeliveryError
from .models import Channel, Device, Notification, Status
from .preferences import (  # noqa: F401  (the public API of the app lives here)
    notification_preferences,
    notification_preferences_set,
    optouts,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_user_kind,
)
from .sealed import SEALED, seal, unseal

log = logging.getLogger(__name__)

CHUNK = 500  # rows per delivery task
INSERT_CHUNK = 2000  # recipients per bulk insert
CLAIM = 50  # rows a worker claims at a time; claimed and unsent rows wait for the lease if it dies
PENDING_GRACE = 120  # seconds a due row may wait for its task before the beat task re-enqueues it
LEASE = 600  # seconds a row may stay `sending`; > CELERY_TASK_TIME_LIMIT
REQUEUE_LIMIT = 50_000


def localized(text) -> dict:
    """A lazy translatable string -> {"ka": "...", "en": "..."} for a notification context."""
    out = {}
    for lang in ("ka", "en"):
        with translation.override(lang):
            out[lang] = str(text)
    return out


def backoff(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 30 s, 1, 2, 4, 8 min (about 15 min in all)."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


# --- writing the outbox ---


def _recipient_rows(recipients):
    """(pk, email, phone, phone_verified) per recipient, without loading whole users for a
    queryset or a list of ids."""
    fields = ("pk", "email", "phone", "phone_verified")
    if isinstance(recipients, QuerySet):
        yield from recipients.order_by().values_list(*fields).iterator(chunk_size=INSERT_CHUNK)
        return
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    ids = []
    for item in recipients:
        if hasattr(item, "pk"):
            yield item.pk, item.email, item.phone, item.phone_verified
            continue
        ids.append(item)
        if len(ids) == INSERT_CHUNK:
            yield from users.filter(pk__in=ids).values_list(*fields)
            ids = []
    if ids:
        yield from users.filter(pk__in=ids).values_list(*fields)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _channels(message, email, phone, phone_verified, has_device) -> list[str]:
    """The channels a recipient can be reached on for this message (preferences aside)."""
    out = []
    for channel in message.channels:
        if channel == Channel.EMAIL and not email:
            continue
        if channel == Channel.SMS and not (phone and (phone_verified or message.transactional)):
            continue
        if channel == Channel.PUSH and not has_device:
            continue
        out.append(channel)
    return out


def notify(kind: str, recipients, context: dict, *, subject: str = "", secret_context=None) -> list:
    """Queue `kind` for each recipient on each channel they can and want; once per dedupe key.

    `recipients`: users, user ids, or a User queryset. Pass a queryset for a whole municipality:
    on PostgreSQL it becomes one INSERT ... SELECT (fanout.py) and no user is loaded; elsewhere
    it is read as four columns, in chunks. Runs inside the caller's transaction: if that rolls
    back, nothing is sent. Returns the ids of the rows written. `secret_context` values render
    like context values but are stored encrypted (sealed.py): never put a secret in `context`.
    """
    message = CATALOGUE[kind]
    now = timezone.now()
    if secret_context:  # e.g. a phone code: encrypted at rest, opened only by render()
        context = {**context, SEALED: seal(secret_context)}
    if isinstance(recipients, QuerySet) and connection.vendor == "postgresql":
        rows = fanout.insert(
            kind=kind, message=message, users=recipients, context=context, subject=subject, now=now
        )
        to_deliver = [str(pk) for pk, channel in rows if channel != Channel.INAPP]
        if to_deliver:
            transaction.on_commit(partial(enqueue, to_deliver), robust=True)
        return [str(pk) for pk, _channel in rows]
    written, to_deliver = [], []
    with transaction.atomic():
        for batch in _chunks(_recipient_rows(recipients), INSERT_CHUNK):
            user_ids = [row[0] for row in batch]
            muted = set() if message.transactional else optouts(kind, user_ids)
            with_device = set()
            if Channel.PUSH in message.channels:
                with_device = set(
                    Device.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
                )
            rows = []
            for pk, email, phone, verified in batch:
                for channel in _channels(message, email, phone, verified, pk in with_device):
                    if (pk, channel) in muted:
                        continue
                    inapp = channel == Channel.INAPP  # the row itself is the message
                    rows.append(
                        Notification(
                            recipient_id=pk,
                            kind=kind,
                            channel=channel,
                            subject=subject,
                            dedupe_key=f"{kind}:{pk}:{subject}:{channel}",
                            context=context,
                            created_at=now,
                            due_at=now,
                            status=Status.SENT if inapp else Status.PENDING,
                            sent_at=now if inapp else None,
                        )
                    )
            # an existing dedupe key is skipped: the event was already queued
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
            written += [str(r.id) for r in rows]
            to_deliver += [str(r.id) for r in rows if r.status == Status.PENDING]
    if to_deliver:
        transaction.on_commit(partial(enqueue, to_deliver), robust=True)
    return written


def enqueue(ids, *, countdown=None) -> int:
    """Hand rows to the workers in chunks. If the broker is down they stay pending (the beat
    task retries), and the caller is not kept waiting. Returns the number handed over."""
    from .tasks import deliver

    handed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = [str(i) for i in ids[start : start + CHUNK]]
        try:
            deliver.apply_async(
                args=[chunk],
                countdown=countdown,
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2},
            )
        except Exception as exc:
            log.warning("could not enqueue %d notifications, beat will: %s", len(ids) - handed, exc)
            break
        handed += len(chunk)
    return handed


# --- rendering ---


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render(note: Notification, part: str) -> str:
    """The text of one part (subject, body, sms, inapp, push) in the recipient's language."""
    message = CATALOGUE.get(note.kind)
    if message is None:
        return note.kind
    lang = note.recipient.language or settings.LANGUAGE_CODE
    with translation.override(lang):
        values = _Blank()
        for key, value in (note.context or {}).items():
            if key == SEALED:
                values.update(unseal(value))
                continue
            if isinstance(value, dict) and ("ka" in value or "en" in value):
                value = value.get(lang) or value.get("ka") or value.get("en") or ""
            values[key] = value
        template = str(getattr(message, part))
        try:
            return string.Formatter().vformat(template, (), values)
        except (ValueError, IndexError, AttributeError, KeyError):  # a broken template
            log.exception("cannot render %s.%s", note.kind, part)
            return template


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@lru_cache
def _links() -> tuple[str, str]:
    """The preferences URL and the unsubscribe URL with a `{token}` slot (reversed once)."""
    link = reverse("notifications:unsubscribe", args=["TOKEN"]).replace("TOKEN", "{token}")
    return absolute(reverse("notifications:preferences")), absolute(link)


def email_parts(note: Notification) -> tuple[str, str, dict]:
    """Subject, body with the unsubscribe footer, and headers (RFC 8058 one-click unsubscribe;
    the row's id as Message-ID, so a resend after a crash is recognisably the same message)."""
    message = CATALOGUE[note.kind]
    user = note.recipient
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "civicbudget.ge"
    headers = {"Message-ID": f"<{note.id}@{domain}>", "Auto-Submitted": "auto-generated"}
    body = render(note, "body")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        preferences_url, unsubscribe_url = _links()
        footer = ["", "--", _("Choose which messages you get: %(url)s") % {"url": preferences_url}]
        if not message.transactional:
            url = unsubscribe_url.format(token=unsubscribe_token(user.pk, note.kind))
            headers["List-Unsubscribe"] = f"<{url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            footer.insert(2, _("Stop these e-mails with one click: %(url)s") % {"url": url})
    return render(note, "subject"), body + "\n".join(["", *footer]), headers


# --- delivering ---


class _Senders:
    """The channel backends of one delivery task: one SMTP connection for all its e-mails."""

    def __init__(self):
        self._email = self._sms = self._push = None

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


def send(note: Notification, senders: _Senders, tokens=()):
    """Send one row on its channel; raise DeliveryError (or anything) if it did not go."""
    user = note.recipient
    key = str(note.id)
    if note.channel == Channel.EMAIL:
        if not user.email:
            raise _Skip(_("The recipient has no e-mail address."))
        subject, body, headers = email_parts(note)
        channels.send_email(user.email, subject, body, headers=headers, connection=senders.email)
    elif note.channel == Channel.SMS:
        if not user.phone:
            raise _Skip(_("The recipient has no phone number."))
        channels.send_sms(user.phone, render(note, "sms"), key=key, backend=senders.sms)
    elif note.channel == Channel.PUSH:
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


def _claim(ids) -> list[Notification]:
    """Take the due, pending rows among `ids` for this worker (pending -> sending)."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(id__in=ids, status=Status.PENDING, due_at__lte=now + timedelta(seconds=2))
            .select_related("recipient")
        )
        if rows:
            Notification.objects.filter(id__in=[r.id for r in rows]).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    for row in rows:
        row.status, row.claimed_at, row.attempts = Status.SENDING, now, row.attempts + 1
    return rows


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


def _pk(value):
    return Notification._meta.pk.get_db_prep_value(value, connection)


def _now():
    return Notification._meta.get_field("sent_at").get_db_prep_value(timezone.now(), connection)


MARK_SENT = f"UPDATE {Notification._meta.db_table} SET status = %s, sent_at = %s WHERE id = %s"


def _deliver(ids, senders, retries) -> int:
    sent = 0
    for start in range(0, len(ids), CLAIM):
        rows = _claim(ids[start : start + CLAIM])
        tokens: dict[int, list] = {}
        push_users = {r.recipient_id for r in rows if r.channel == Channel.PUSH}
        for user_id, token in Device.objects.filter(user_id__in=push_users).values_list(
            "user_id", "token"
        ):
            tokens.setdefault(user_id, []).append(token)
        sent += _send_rows(rows, senders, tokens, retries)
    return sent


def _mark_sent(ids):
    if len(ids) == 1:  # plain SQL: it runs once per message, the ORM would compile it each time
        with connection.cursor() as cursor:
            cursor.execute(MARK_SENT, [Status.SENT, _now(), _pk(ids[0])])
    elif ids:
        Notification.objects.filter(id__in=ids).update(status=Status.SENT, sent_at=timezone.now())
    ids.clear()


def _send_rows(rows, senders, tokens, retries) -> int:
    """Send claimed rows, marking them sent every NOTIFICATIONS_MARK_EVERY rows: 1 by default,
    the crash window of one row; a larger group trades a window of that many rows for fewer
    writes (see the module docstring)."""
    every = settings.NOTIFICATIONS_MARK_EVERY
    sent, done = 0, []
    try:
        for note in rows:
            try:
                send(note, senders, tokens.get(note.recipient_id, ()))
            except _Skip as exc:
                Notification.objects.filter(id=note.id).update(
                    status=Status.SKIPPED, last_error=str(exc)
                )
                continue
            except SoftTimeLimitExceeded:
                raise  # the rest of the claimed rows wait for the lease
            except Exception as exc:
                _failed(note, exc, retries)
                continue
            done.append(note.id)
            sent += 1
            if len(done) >= every:
                _mark_sent(done)
    finally:
        _mark_sent(done)
    return sent


def requeue_stale(*, pending_for=PENDING_GRACE, lease=LEASE) -> int:
    """The beat task: reclaim rows stuck `sending` past the lease (worker died) and re-enqueue
    rows due for `pending_for` seconds that no task picked up (broker was down)."""
    now = timezone.now()
    stuck = list(
        Notification.objects.filter(
            status=Status.SENDING, claimed_at__lt=now - timedelta(seconds=lease)
        ).values_list("id", "attempts")
    )
    spent = [i for i, attempts in stuck if attempts >= Notification.MAX_ATTEMPTS]
    Notification.objects.filter(id__in=spent, status=Status.SENDING).update(
        status=Status.FAILED, last_error="The worker stopped while sending, too many times."
    )
    reclaimed = [i for i, attempts in stuck if attempts < Notification.MAX_ATTEMPTS]
    Notification.objects.filter(id__in=reclaimed, status=Status.SENDING).update(
        status=Status.PENDING, due_at=now, last_error="The worker stopped while sending."
    )
    waiting = list(
        Notification.objects.filter(
            status=Status.PENDING, due_at__lte=now - timedelta(seconds=pending_for)
        )
        .order_by("due_at")
        .values_list("id", flat=True)[:REQUEUE_LIMIT]
    )
    # they wait another grace period before the next re-enqueue, so a long queue is not
    # flooded with copies every minute
    Notification.objects.filter(id__in=waiting, status=Status.PENDING).update(due_at=now)
    ids = [str(i) for i in [*reclaimed, *waiting]]
    enqueue(ids)
    return len(ids)


def resend(ids) -> int:
    """Put failed or pending rows back in the queue (the admin's "resend")."""
    rows = Notification.objects.filter(id__in=ids, status__in=[Status.FAILED, Status.PENDING])
    ids = [str(i) for i in rows.values_list("id", flat=True)]
    Notification.objects.filter(id__in=ids).update(
        status=Status.PENDING, attempts=0, due_at=timezone.now()
    )
    transaction.on_commit(partial(enqueue, ids), robust=True)
    return len(ids)


# --- the inbox ---


def inbox(user):
    return Notification.objects.filter(recipient=user, channel=Channel.INAPP).select_related(
        "recipient"
    )


def unread_count(user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=Channel.INAPP, read_at__isnull=True
    ).count()


def mark_read(*, user, note_id) -> int:
    """Mark one in-app message of `user` read; 0 if it already was."""
    return Notification.objects.filter(
        id=note_id, recipient=user, channel=Channel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=Channel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())


# --- devices ---


def device_register(*, user, token: str, platform: str = Device.Platform.ANDROID):
    """Register a push token for `user`; a token moves to whoever registers it last (a phone
    that changed hands). Returns (device, created: bool)."""
    device, created = Device.objects.update_or_create(
        token=token,
        defaults={"user": user, "platform": platform, "last_seen_at": timezone.now()},
    )
    return device, created


def device_unregister(*, user, token: str) -> int:
    return Device.objects.filter(user=user, token=token).delete()[0]
