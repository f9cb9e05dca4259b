"""Reaching residents: an organizer's broadcast (counted, confirmed, then sent once) and the
deadline reminders the schedule sends (each once per cycle).

Both go through the outbox (notifications.notify with a User queryset: on PostgreSQL one
INSERT ... SELECT for a whole municipality), in each resident's language, on the channels they
can be reached on and have not turned off.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import Conflict, DomainError, Invalid
from core.translation import both
from cycles.models import Cycle
from cycles.permissions import check
from cycles.phases import Phase
from notifications.services import notify, reach, reached
from record import services as record
from voting.services import accounts_that_voted, accounts_verified

from .models import BROADCAST_CHANNELS, TEXT_MAX, Broadcast, Reminder, ReminderKind


class DailyLimitReached(DomainError):
    """The cycle has sent today's broadcasts (settings.BROADCASTS_PER_DAY)."""

    status, code = 429, "throttled"


# --- broadcasts ---


def broadcast_audience(cycle, community=None):
    """Whom a broadcast goes to: the active residents of the cycle's municipality, or of one of
    its villages."""
    users = get_user_model().objects.filter(municipality=cycle.municipality_id, is_active=True)
    return users if community is None else users.filter(community=community)


def clean_broadcast(cycle, data) -> dict:
    """The organizer's message, checked: known channels, a village of this municipality, a
    Georgian text (the English one is optional: English readers then get the Georgian)."""
    errors = {}
    channels = data.get("channels")
    if not isinstance(channels, (list, tuple)) or not channels:
        errors["channels"] = [_("Choose at least one channel.")]
    elif any(c not in BROADCAST_CHANNELS for c in channels):
        errors["channels"] = [_("Choose among: in the app, SMS, e-mail.")]
    community = data.get("community")
    if community is not None and community.municipality_id != cycle.municipality_id:
        errors["community"] = [_("Choose a community of this municipality.")]
    texts = {}
    for field in ("text_ka", "text_en"):
        value = data.get(field) or ""
        texts[field] = value.strip() if isinstance(value, str) else ""
        if len(texts[field]) > TEXT_MAX:
            errors[field] = [
                _("At most %(n)d characters, so the SMS stays short.") % {"n": TEXT_MAX}
            ]
    if not texts["text_ka"]:
        errors["text_ka"] = [_("Write the message in Georgian.")]
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    return {
        "channels": [c for c in BROADCAST_CHANNELS if c in channels],  # once each, in order
        "community": community,
        **texts,
    }


def _context(cycle, data) -> dict:
    return {
        "cycle": cycle.pk,
        "cycle_title": both(cycle, "title"),
        "municipality": both(cycle.municipality, "name"),
        "text": {"ka": data["text_ka"], "en": data["text_en"] or data["text_ka"]},
    }


def daily_limit_message() -> str:
    return ngettext(
        "This cycle has sent %(n)d message to residents today, the most allowed in a day. "
        "The next one can go tomorrow.",
        "This cycle has sent %(n)d messages to residents today, the most allowed in a day. "
        "The next one can go tomorrow.",
        settings.BROADCASTS_PER_DAY,
    ) % {"n": settings.BROADCASTS_PER_DAY}


def broadcasts_left_today(cycle) -> int:
    """How many more broadcasts the cycle may send today (settings.BROADCASTS_PER_DAY)."""
    sent = Broadcast.objects.filter(cycle=cycle, day=timezone.localdate()).count()
    return max(settings.BROADCASTS_PER_DAY - sent, 0)


def broadcast_preview(*, cycle, by, data) -> dict:
    """What sending would do, before anything is sent: {"recipients", "sms_count",
    "by_channel", "left_today"}; the organizer confirms after seeing it."""
    check(by, cycle, "send_broadcast")
    data = clean_broadcast(cycle, data)
    audience = broadcast_audience(cycle, data["community"])
    counted = reach("broadcast", audience, _context(cycle, data), channels=data["channels"])
    return {**counted, "left_today": broadcasts_left_today(cycle)}


def broadcast_key(*, by, client_key="", data=None) -> str:
    """The broadcast's idempotency key: the form's (or the client's) key, else its content on
    this day; per organizer, so two organizers never share one."""
    if client_key:
        basis = f"key\n{client_key}"
    else:
        community = data["community"].pk if data["community"] else ""
        basis = "\n".join(
            ["content", str(timezone.localdate()), ",".join(data["channels"]), str(community)]
            + [data["text_ka"], data["text_en"]]
        )
    return hashlib.sha256(f"{by.pk}\n{basis}".encode()).hexdigest()


def broadcast_send(*, cycle, by, data, client_key="") -> tuple[Broadcast, bool]:
    """An organizer of the municipality sends a message to its residents (or one village's) on
    the channels chosen, once per key, at most BROADCASTS_PER_DAY a day; on the public record.
    Returns (broadcast, sent now): a repeated key returns the broadcast already sent."""
    check(by, cycle, "send_broadcast")
    data = clean_broadcast(cycle, data)
    key = broadcast_key(by=by, client_key=client_key, data=data)
    with transaction.atomic():
        for _attempt in range(settings.BROADCASTS_PER_DAY + 1):
            earlier = Broadcast.objects.filter(cycle=cycle, key=key).first()
            if earlier is not None:  # a double click, or a client retrying: sent already
                return earlier, False
            today = timezone.localdate()
            sent_today = Broadcast.objects.filter(cycle=cycle, day=today).count()
            if sent_today >= settings.BROADCASTS_PER_DAY:
                raise DailyLimitReached(daily_limit_message())
            try:
                # the unique (cycle, day, number) and (cycle, key) settle a race: the loser
                # waits for the winner's commit, then looks again
                with transaction.atomic():
                    broadcast = Broadcast.objects.create(
                        cycle=cycle, sent_by=by, day=today, number=sent_today + 1, key=key, **data
                    )
            except IntegrityError:
                continue
            _deliver(cycle, broadcast, data, by)
            return broadcast, True
    raise Conflict()


def _deliver(cycle, broadcast, data, by) -> None:
    context = _context(cycle, data)
    ids = notify(
        "broadcast",
        broadcast_audience(cycle, data["community"]),
        context,
        subject=f"broadcast:{broadcast.pk}",
        channels=data["channels"],
    )
    counted = reached("broadcast", ids, context)
    broadcast.recipients, broadcast.sms_count = counted["recipients"], counted["sms_count"]
    broadcast.save(update_fields=["recipients", "sms_count"])
    community = data["community"]
    record.log(
        cycle=cycle,
        actor=by,
        action="broadcast_sent",
        obj=broadcast,
        data={
            "channels": data["channels"],
            "community": community.name_ka if community else None,
            "recipients": broadcast.recipients,
            "sms_count": broadcast.sms_count,
            "text_ka": data["text_ka"],
            "text_en": data["text_en"],
        },
    )


# --- reminders ---

VOTING_NOTICE = timedelta(days=2)
IDEAS_NOTICE = timedelta(days=3)


def _claim(cycle, kind, now) -> bool:
    """Whether this run sends `kind` for `cycle`: its row's sent_at goes from empty to `now`
    once, whichever of two beat workers gets there first."""
    reminder, _created = Reminder.objects.get_or_create(cycle=cycle, kind=kind)
    return bool(Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=now))


def _when(moment) -> dict:
    out = {}
    for lang in ("ka", "en"):  # rendered later in each recipient's language
        with translation.override(lang):
            out[lang] = date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return out


def _news(cycle, headline, text, url) -> dict:
    """The context of a `cycle_news` message: headline and text in both languages."""
    title = both(cycle, "title")
    closes = cycle.starts(cycle.next_phase)
    out = {"cycle": cycle.pk, "cycle_title": title, "url": url, "headline": {}, "text": {}}
    for lang in ("ka", "en"):
        with translation.override(lang):
            out["headline"][lang] = str(headline) % {
                "cycle": title[lang],
                "closes": _when(closes)[lang],
            }
            out["text"][lang] = str(text)
    return out


VOTING_HEADLINE = gettext_lazy("Voting in “%(cycle)s” closes on %(closes)s")
VOTING_TEXT = gettext_lazy(
    "If you have not voted yet, there is still time: verify yourself as a voter and choose the "
    "projects your municipality should fund."
)
IDEAS_HEADLINE = gettext_lazy("The ideas competition of “%(cycle)s” closes on %(closes)s")
IDEAS_TEXT = gettext_lazy("There is still time to submit an idea for your village or town.")


def voting_closing_remind(*, now=None) -> int:
    """Two days before voting closes, once per cycle: verified voters who have not voted, and
    residents who asked for cycle news; never anyone who voted (voting decides who did)."""
    now = now or timezone.now()
    cycles = Cycle.objects.filter(
        phase=Phase.VOTING, results_starts__gt=now, results_starts__lte=now + VOTING_NOTICE
    ).select_related("municipality")
    people = get_user_model().objects.filter(is_active=True)
    sent = 0
    for cycle in cycles:
        with transaction.atomic():
            if not _claim(cycle, ReminderKind.VOTING_CLOSING, now):
                continue
            voted, verified = accounts_that_voted(cycle), accounts_verified(cycle)
            url = settings.SITE_URL + reverse("voting:ballot", args=[cycle.pk])
            subject = f"cycle:{cycle.pk}:voting-closing"
            notify(
                "voting_closing",
                people.filter(pk__in=verified).exclude(pk__in=voted),
                {
                    "cycle": cycle.pk,
                    "cycle_title": both(cycle, "title"),
                    "closes": _when(cycle.results_starts),
                    "url": url,
                },
                subject=subject,
            )
            # the verified got the message above; of the rest, those who turned cycle news on
            notify(
                "cycle_news",
                people.filter(municipality=cycle.municipality_id)
                .exclude(pk__in=verified)
                .exclude(pk__in=voted),
                _news(cycle, VOTING_HEADLINE, VOTING_TEXT, url),
                subject=subject,
            )
            sent += 1
    return sent


def ideas_closing_remind(*, now=None) -> int:
    """Three days before the ideas competition closes, once per cycle: residents who asked for
    cycle news.

    Residents who started a draft idea are to be reminded too, once drafts exist (issue 16,
    w2-uploads): add them here as a second notify() to the drafts' authors."""
    now = now or timezone.now()
    cycles = Cycle.objects.filter(
        phase=Phase.IDEA_SUBMISSION,
        training_starts__gt=now,
        training_starts__lte=now + IDEAS_NOTICE,
    ).select_related("municipality")
    people = get_user_model().objects.filter(is_active=True)
    sent = 0
    for cycle in cycles:
        with transaction.atomic():
            if not _claim(cycle, ReminderKind.IDEAS_CLOSING, now):
                continue
            url = settings.SITE_URL + reverse("ideas:submit", args=[cycle.pk])
            notify(
                "cycle_news",
                people.filter(municipality=cycle.municipality_id),
                _news(cycle, IDEAS_HEADLINE, IDEAS_TEXT, url),
                subject=f"cycle:{cycle.pk}:ideas-closing",
            )
            sent += 1
    return sent


def reminders_send(*, now=None) -> int:
    """The beat task: every deadline reminder that is due, each once. Returns how many went."""
    return voting_closing_remind(now=now) + ideas_closing_remind(now=now)
