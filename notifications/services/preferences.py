"""Who wants what: preferences per user, kind and channel, and one-click unsubscribe links.

Everything is on until the user turns it off (a row with enabled=False), except opt-in kinds
(cycle news), which are off until the user turns them on (a row with enabled=True);
transactional kinds (codes, receipts) cannot be turned off. An unsubscribe link is a signed token (user, kind): it
needs no login, works for ever, and cannot be made for another user or kind without the key.
"""

from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Invalid, NotFound

from ..catalogue import CATALOGUE, label
from ..models import DeliveryChannel, Preference

SALT = "notifications.unsubscribe"


def optouts(kind: str, user_ids) -> set[tuple]:
    """(user_id, channel) pairs among `user_ids` that turned `kind` off."""
    return set(
        Preference.objects.filter(kind=kind, enabled=False, user_id__in=user_ids).values_list(
            "user_id", "channel"
        )
    )


def optins(kind: str, user_ids) -> set[tuple]:
    """(user_id, channel) pairs among `user_ids` that turned the opt-in `kind` on."""
    return set(
        Preference.objects.filter(kind=kind, enabled=True, user_id__in=user_ids).values_list(
            "user_id", "channel"
        )
    )


def notification_preferences(user) -> list[dict]:
    """Every kind and channel the user may receive, with whether it is on."""
    chosen = {
        (kind, channel): enabled
        for kind, channel, enabled in Preference.objects.filter(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }
    out = []
    for kind, message in CATALOGUE.items():
        for channel in message.channels:
            out.append(
                {
                    "kind": kind,
                    "label": label(kind),
                    "channel": channel,
                    "channel_label": str(DeliveryChannel(channel).label),
                    "enabled": message.transactional
                    or chosen.get((kind, channel), not message.opt_in),
                    "transactional": message.transactional,
                    "opt_in": message.opt_in,
                }
            )
    return out


def notification_preferences_set(*, user, changes) -> list[dict]:
    """Turn kinds on or off per channel: changes is [{"kind", "channel", "enabled"}].
    Transactional kinds stay on."""
    errors = []
    for change in changes:
        message = CATALOGUE.get(change["kind"])
        if message is None or change["channel"] not in message.channels:
            errors.append(
                _("There is no “%(kind)s” message by %(channel)s.")
                % {"kind": change["kind"], "channel": change["channel"]}
            )
        elif message.transactional and not change["enabled"]:
            errors.append(_("“%(label)s” cannot be turned off.") % {"label": label(change["kind"])})
    if errors:
        raise Invalid(fields={"notification_preferences": errors})
    with transaction.atomic():
        for change in changes:
            Preference.objects.update_or_create(
                user=user,
                kind=change["kind"],
                channel=change["channel"],
                defaults={"enabled": bool(change["enabled"])},
            )
    return notification_preferences(user)


def unsubscribe_token(user_id, kind: str) -> str:
    return _signer(settings.SECRET_KEY).sign_object([user_id, kind])


@lru_cache(maxsize=2)
def _signer(secret_key) -> signing.TimestampSigner:
    """`signing.dumps`'s signer, made once per key rather than for each of a fan-out's links."""
    return signing.TimestampSigner(key=secret_key, salt=SALT)


def unsubscribe_user_kind(token: str):
    """The (user, kind) a token was made for; NotFound if it was forged or the kind is gone."""
    from django.contrib.auth import get_user_model

    try:
        user_id, kind = signing.loads(token, salt=SALT)
        user = get_user_model().objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, ValueError, TypeError, LookupError):
        raise NotFound(_("This unsubscribe link is not valid."))
    if kind not in CATALOGUE or CATALOGUE[kind].transactional:
        raise NotFound(_("This unsubscribe link is not valid."))
    return user, kind


def unsubscribe(*, token: str):
    """Turn off the e-mails of one kind for the user the signed token names (no login)."""
    user, kind = unsubscribe_user_kind(token)
    Preference.objects.update_or_create(
        user=user, kind=kind, channel=DeliveryChannel.EMAIL, defaults={"enabled": False}
    )
    return user, kind
