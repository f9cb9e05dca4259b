"""Whom a message would reach, counted before anything is queued: an organizer sees the number of
recipients and of SMS segments and confirms before a broadcast goes out.

The rule is notify()'s (outbox._channels and the preferences, fanout.SQL on PostgreSQL), written
here as one condition per channel on the User queryset; tests compare the count with the rows a
real notify() writes.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from ..catalogue import CATALOGUE
from ..models import DeliveryChannel, Device, Notification, Preference
from ..segments import sms_segments
from .rendering import render_text

CHUNK = 5000  # row ids per query when counting what was written (SQLite takes 32,766 at most)


def _reachable(kind, message, channel) -> Q:
    """The users a row of `kind` on `channel` would be written for."""
    condition = Q()
    if channel == DeliveryChannel.EMAIL:
        condition &= Q(email__isnull=False) & ~Q(email="")
    elif channel == DeliveryChannel.SMS:
        condition &= Q(phone__isnull=False) & ~Q(phone="")
        if not message.transactional:
            condition &= Q(phone_verified=True)
    elif channel == DeliveryChannel.PUSH:
        condition &= Q(Exists(Device.objects.filter(user=OuterRef("pk"))))
    if not message.transactional:
        chosen = Preference.objects.filter(user=OuterRef("pk"), kind=kind, channel=channel)
        if message.opt_in:
            condition &= Q(Exists(chosen.filter(enabled=True)))
        else:
            condition &= ~Q(Exists(chosen.filter(enabled=False)))
    return condition


def reach(kind: str, users, context: dict, *, channels=None) -> dict:
    """{"recipients": people reached on any channel, "by_channel": {channel: people},
    "sms_count": SMS segments, each person's text in their language} for notify(kind, users,
    context, channels=channels), without writing anything."""
    message = CATALOGUE[kind]
    users = users.order_by()
    conditions = {c: _reachable(kind, message, c) for c in message.channels_of(channels)}
    by_channel, sms_count = {}, 0
    for channel, condition in conditions.items():
        languages = dict(users.filter(condition).values_list("language").annotate(n=Count("pk")))
        by_channel[channel] = sum(languages.values())
        if channel == DeliveryChannel.SMS:
            sms_count = sms_segments_for(kind, context, languages)
    recipients = users.filter(reduce(or_, conditions.values())).count() if conditions else 0
    return {"recipients": recipients, "by_channel": by_channel, "sms_count": sms_count}


def reached(kind: str, ids, context: dict) -> dict:
    """What `reach` counts, read from the rows notify() wrote (`ids`, what it returned)."""
    by_channel, sms_languages, people = {}, {}, set()
    for start in range(0, len(ids), CHUNK):
        rows = Notification.objects.filter(id__in=ids[start : start + CHUNK]).order_by()
        people.update(rows.values_list("recipient_id", flat=True).distinct())
        for channel, lang, n in rows.values_list("channel", "recipient__language").annotate(
            n=Count("id")
        ):
            by_channel[channel] = by_channel.get(channel, 0) + n
            if channel == DeliveryChannel.SMS:
                sms_languages[lang] = sms_languages.get(lang, 0) + n
    return {
        "recipients": len(people),
        "by_channel": by_channel,
        "sms_count": sms_segments_for(kind, context, sms_languages),
    }


def sms_segments_for(kind: str, context: dict, languages: dict) -> int:
    """SMS segments for {language: people}: each reads the kind's SMS text in their language."""
    return sum(
        n * sms_segments(render_text(kind, "sms", context, lang or settings.LANGUAGE_CODE))
        for lang, n in languages.items()
    )
