"""What a user's own screen shows: the in-app inbox, and the phone registered for its pushes."""

from django.core.cache import cache
from django.utils import timezone

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


def device_register(*, user, token: str, platform: str = Device.Platform.ANDROID):
    """Register a push token for `user`; a token moves to whoever registers it last (a phone
    that changed hands). Returns (device, created: bool)."""
    device, created = Device.objects.update_or_create(
        token=token,
        defaults={"user": user, "platform": platform, "last_seen_at": timezone.now()},
    )
    return device, created
