"""notify() writes the outbox in the caller's transaction; delivery runs after commit.

notifications imports no domain app: callers pass users and a plain JSON context.
"""

import logging
import string

from django.db import transaction
from django.utils import timezone, translation

from .catalogue import CATALOGUE
from .channels import DeliveryError, send_email, send_sms
from .models import Channel, Notification, Status

log = logging.getLogger(__name__)

CHUNK = 500


def localized(text) -> dict:
    """A lazy translatable string -> {"ka": "...", "en": "..."} for a notification context."""
    out = {}
    for lang in ("ka", "en"):
        with translation.override(lang):
            out[lang] = str(text)
    return out


def channels_for(user, message) -> list[str]:
    """The channels this user can be reached on for this message."""
    out = []
    for channel in message.channels:
        if channel == Channel.EMAIL and not user.email:
            continue
        if channel == Channel.SMS and not user.phone:
            continue
        if channel == Channel.SMS and not (user.phone_verified or message.transactional):
            continue
        if channel == Channel.PUSH:
            continue  # no device registry yet
        out.append(channel)
    return out


def notify(kind: str, recipients, context: dict, *, subject: str = "") -> list:
    """Queue `kind` for each recipient on each of their channels; at most once per dedupe key.

    Runs inside the caller's transaction: if it rolls back, nothing is sent.
    """
    message = CATALOGUE[kind]
    rows = []
    for user in recipients:
        for channel in channels_for(user, message):
            rows.append(
                Notification(
                    recipient=user,
                    kind=kind,
                    channel=channel,
                    subject=subject,
                    dedupe_key=f"{kind}:{user.pk}:{subject}:{channel}",
                    context=context,
                )
            )
    if not rows:
        return []
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    ids = [str(r.id) for r in rows]
    transaction.on_commit(lambda: enqueue(ids))
    return ids


def enqueue(ids):
    from .tasks import deliver

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        try:
            deliver.delay(chunk)
        except Exception as exc:  # broker down: the rows stay pending, the beat task retries
            log.warning("could not enqueue %d notifications: %s", len(chunk), exc)
            return


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render(note: Notification, part: str) -> str:
    """The text of one part (subject, body, sms, inapp) in the recipient's language."""
    message = CATALOGUE.get(note.kind)
    if message is None:
        return note.kind
    lang = note.recipient.language or "ka"
    with translation.override(lang):
        values = _Blank()
        for key, value in (note.context or {}).items():
            if isinstance(value, dict) and ("ka" in value or "en" in value):
                value = value.get(lang) or value.get("ka") or ""
            values[key] = value
        template = str(getattr(message, part))
        return string.Formatter().vformat(template, (), values)


def send(note: Notification):
    user = note.recipient
    if note.channel == Channel.EMAIL:
        send_email(user.email, render(note, "subject"), render(note, "body"))
    elif note.channel == Channel.SMS:
        send_sms(user.phone, render(note, "sms"))
    # in-app: the row itself is the message


def deliver(ids) -> int:
    """Send each pending row once: claim it with a conditional UPDATE, send, mark it sent."""
    sent = 0
    for note in Notification.objects.filter(id__in=ids, status=Status.PENDING).select_related(
        "recipient"
    ):
        claimed = Notification.objects.filter(id=note.id, status=Status.PENDING).update(
            status=Status.SENDING, claimed_at=timezone.now(), attempts=note.attempts + 1
        )
        if not claimed:
            continue  # another worker has it
        try:
            send(note)
        except (DeliveryError, OSError) as exc:
            failed = note.attempts + 1 >= Notification.MAX_ATTEMPTS
            Notification.objects.filter(id=note.id).update(
                status=Status.FAILED if failed else Status.PENDING, last_error=str(exc)[:2000]
            )
            continue
        Notification.objects.filter(id=note.id).update(status=Status.SENT, sent_at=timezone.now())
        sent += 1
    return sent


def requeue_stale(older_than_seconds=120) -> int:
    """Re-enqueue rows left pending (broker down) or stuck sending (worker killed)."""
    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=older_than_seconds)
    Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - timezone.timedelta(minutes=10)
    ).update(status=Status.PENDING)
    ids = [
        str(i)
        for i in Notification.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("id", flat=True)[:50_000]
    ]
    enqueue(ids)
    return len(ids)


def mark_read(*, user, note_id):
    return Notification.objects.filter(
        id=note_id, recipient=user, channel=Channel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())
