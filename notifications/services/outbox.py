"""Writing the outbox and handing its rows to the workers.

Never lost
    A row is written in the same transaction as the change that caused it, so both commit or
    neither does. Delivery is enqueued on commit; if the broker is down the row simply stays
    `pending`, and the beat task (`requeue_stale`, every minute) re-enqueues rows left pending
    for PENDING_GRACE seconds. Tasks acknowledge late, and a row that fails is retried with
    exponential backoff until MAX_ATTEMPTS, then ends `failed` with its last error.

Never twice
    The unique dedupe key (kind, recipient, subject, channel) makes one row per event, however
    often the caller retries. A worker sends a row only after claiming it with a conditional
    UPDATE (pending -> sending), so duplicated or re-enqueued tasks find nothing to do; what
    happens when a worker dies between sending and marking sent is in delivery.py.
"""

import logging
from datetime import timedelta
from functools import partial
from itertools import islice

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .. import fanout
from ..catalogue import CATALOGUE
from ..models import DeliveryChannel, Device, Notification, Status
from ..sealed import SEALED, seal
from .preferences import optins, optouts
from .rendering import check_context

log = logging.getLogger(__name__)

CHUNK = 500  # rows per delivery task
INSERT_CHUNK = 2000  # recipients per bulk insert
PENDING_GRACE = 120  # seconds a due row may wait for its task before the beat task re-enqueues it
LEASE = 600  # seconds a row may stay `sending`; > CELERY_TASK_TIME_LIMIT
REQUEUE_LIMIT = 50_000


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


def _channels(message, channels, email, phone, phone_verified, has_device) -> list[str]:
    """The channels among `channels` a recipient can be reached on (preferences aside)."""
    out = []
    for channel in channels:
        if channel == DeliveryChannel.EMAIL and not email:
            continue
        if channel == DeliveryChannel.SMS and not (
            phone and (phone_verified or message.transactional)
        ):
            continue
        if channel == DeliveryChannel.PUSH and not has_device:
            continue
        out.append(channel)
    return out


def notify(
    kind: str,
    recipients,
    context: dict,
    *,
    subject: str = "",
    secret_context=None,
    channels=None,
) -> list:
    """Queue `kind` for each recipient on each channel they can and want; once per dedupe key.

    `recipients`: users, user ids, or a User queryset. Pass a queryset for a whole municipality:
    on PostgreSQL it becomes one INSERT ... SELECT (fanout.py) and no user is loaded; elsewhere
    it is read as four columns, in chunks. Runs inside the caller's transaction: if that rolls
    back, nothing is sent. Returns the ids of the rows written. `secret_context` values render
    like context values but are stored encrypted (sealed.py): never put a secret in `context`.
    `channels` narrows the kind's channels for this message (an organizer's broadcast by SMS
    only); push follows in-app.
    """
    message = CATALOGUE[kind]
    check_context(kind, message, [*context, *(secret_context or {})])
    if secret_context:  # e.g. a phone code: encrypted at rest, opened only by render()
        context = {**context, SEALED: seal(secret_context)}
    return _write(
        kind, recipients, context, subject=subject, channels=message.channels_of(channels)
    )


def split_row(kind: str, user, context: dict, *, subject: str, secret_context=None):
    """ONE outbox row for `user` that the worker splits into the channels of `kind` (split()),
    unsaved: the cheapest notice a request can write, with no preference or device query in it
    (issue 18: a ballot's receipt is written in the ballot's own statement)."""
    message = CATALOGUE[kind]
    check_context(kind, message, [*context, *(secret_context or {})])
    if secret_context:
        context = {**context, SEALED: seal(secret_context)}
    now = timezone.now()
    return Notification(
        recipient_id=user.pk,
        kind=kind,
        channel=DeliveryChannel.SPLIT,
        subject=subject,
        dedupe_key=f"{kind}:{user.pk}:{subject}:{DeliveryChannel.SPLIT}",
        context=context,
        created_at=now,
        due_at=now,
        status=Status.PENDING,
    )


def queue_split(row) -> str:
    """Write a split_row() in the caller's transaction (once per dedupe key) and hand it to the
    workers when that commits."""
    Notification.objects.bulk_create([row], ignore_conflicts=True)
    transaction.on_commit(partial(enqueue, [str(row.id)]), robust=True)
    return str(row.id)


def split(note) -> list:
    """The worker's half of split_row(): the rows of each channel the recipient can and
    wants, written as notify() writes them (once per dedupe key, so a second split of the same
    row adds nothing) and handed on. `note.recipient` is loaded by the claim."""
    message = CATALOGUE[note.kind]
    with transaction.atomic():
        return _write(
            note.kind,
            [note.recipient],
            note.context,
            subject=note.subject,
            channels=message.channels,
        )


def _write(kind: str, recipients, context: dict, *, subject: str, channels) -> list:
    """notify() after its checks: `context` is checked and sealed, `channels` narrowed."""
    message = CATALOGUE[kind]
    now = timezone.now()
    if isinstance(recipients, QuerySet) and connection.vendor == "postgresql":
        rows = fanout.insert(
            kind=kind,
            message=message,
            users=recipients,
            context=context,
            subject=subject,
            now=now,
            channels=channels,
        )
        to_deliver = [str(pk) for pk, channel in rows if channel != DeliveryChannel.INAPP]
        if to_deliver:
            transaction.on_commit(partial(enqueue, to_deliver), robust=True)
        return [str(pk) for pk, _channel in rows]
    written, to_deliver = [], []
    # no savepoint inside the caller's transaction: two round trips less on every write that
    # notifies (a ballot's receipt); a failure here fails the caller's transaction as a whole
    with transaction.atomic(savepoint=False):
        for batch in _chunks(_recipient_rows(recipients), INSERT_CHUNK):
            user_ids = [row[0] for row in batch]
            muted = set() if message.transactional or message.opt_in else optouts(kind, user_ids)
            wanted = optins(kind, user_ids) if message.opt_in else None
            with_device = set()
            if DeliveryChannel.PUSH in channels:
                with_device = set(
                    Device.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
                )
            rows = []
            for pk, email, phone, verified in batch:
                for channel in _channels(
                    message, channels, email, phone, verified, pk in with_device
                ):
                    if (pk, channel) in muted or (
                        wanted is not None and (pk, channel) not in wanted
                    ):
                        continue
                    inapp = channel == DeliveryChannel.INAPP  # the row itself is the message
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
    from ..tasks import deliver

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
