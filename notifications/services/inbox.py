"""What a user's own screen shows: the in-app inbox, and the phone registered for its pushes."""

import hashlib
import hmac
import secrets

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from core.errors import Conflict

from ..models import DeliveryChannel, Device, Notification


def inbox(user):
    return Notification.objects.filter(
        recipient=user, channel=DeliveryChannel.INAPP
    ).select_related("recipient")


def unread_count(user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=DeliveryChannel.INAPP, read_at__isnull=True
    ).count()


UNREAD_TTL = 60  # seconds the header's badge may lag a new message (reading clears it at once)


def _unread_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def cached_unread_count(user) -> int:
    """`unread_count`, cached for the header (a miss, or Redis down, counts in the database)."""
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = unread_count(user)
        cache.set(_unread_key(user.pk), count, UNREAD_TTL)
    return count


def forget_unread(user_id) -> None:
    cache.delete(_unread_key(user_id))


def mark_read(*, user, note_id) -> int:
    """Mark one in-app message of `user` read; 0 if it already was."""
    marked = Notification.objects.filter(
        id=note_id, recipient=user, channel=DeliveryChannel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())
    forget_unread(user.pk)
    return marked


def mark_all_read(*, user) -> int:
    """Mark every unread in-app message of `user` read; returns how many."""
    marked = Notification.objects.filter(
        recipient=user, channel=DeliveryChannel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())
    forget_unread(user.pk)
    return marked


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@sensitive_variables("secret", "new_secret")
def device_register(*, user, token: str, platform: str = Device.Platform.ANDROID, secret=""):
    """Register a push token for `user`. Returns (device, created: bool, new secret).

    The rule that keeps one account from taking over another's pushes: registering a token
    answers a new random device secret, which the app keeps on the device. The token's own
    account may register it again at any time (a new secret each time). Another account gets
    the token only by presenting the current secret, which only the device has (the phone
    changed hands, or someone else logged in on it); without it the answer is 409 and the
    token stays where it was. A token registered before secrets existed has none: only its
    account can register it (and so give it one)."""
    new_secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        device = Device.objects.select_for_update().filter(token=token).first()
        if device is None:
            try:
                with transaction.atomic():
                    device = Device.objects.create(
                        user=user,
                        token=token,
                        platform=platform,
                        secret_hash=_digest(new_secret),
                        created_at=now,
                        last_seen_at=now,
                    )
            except IntegrityError:  # registered in parallel: the first one holds it
                raise Conflict(_("This device is registered to another account."))
            return device, True, new_secret
        proven = bool(device.secret_hash) and hmac.compare_digest(
            device.secret_hash, _digest(secret or "")
        )
        if device.user_id != user.pk and not proven:
            raise Conflict(
                _(
                    "This device is registered to another account. The app proves the device "
                    "with the secret it got when it registered."
                )
            )
        device.user, device.platform, device.last_seen_at = user, platform, now
        device.secret_hash = _digest(new_secret)
        device.save(update_fields=["user", "platform", "last_seen_at", "secret_hash"])
    return device, False, new_secret
