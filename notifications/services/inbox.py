"""What a user's own screen shows: the in-app inbox, and the phone registered for its pushes."""

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


def mark_read(*, user, note_id) -> int:
    """Mark one in-app message of `user` read; 0 if it already was."""
    return Notification.objects.filter(
        id=note_id, recipient=user, channel=DeliveryChannel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(*, user) -> int:
    """Mark every unread in-app message of `user` read; returns how many."""
    return Notification.objects.filter(
        recipient=user, channel=DeliveryChannel.INAPP, read_at__isnull=True
    ).update(read_at=timezone.now())


def device_register(*, user, token: str, platform: str = Device.Platform.ANDROID):
    """Register a push token for `user`; a token moves to whoever registers it last (a phone
    that changed hands). Returns (device, created: bool)."""
    device, created = Device.objects.update_or_create(
        token=token,
        defaults={"user": user, "platform": platform, "last_seen_at": timezone.now()},
    )
    return device, created
