"""The notifications app's services, by meaning: writing the outbox (outbox.py), sending it
(delivery.py), turning a row into text (rendering.py), a user's inbox and device (inbox.py) and
who wants what (preferences.py).

notifications imports no domain app: callers pass users (objects, a queryset or ids) and a plain
JSON context. Other apps import from here: `from notifications.services import notify`.
"""

from .delivery import backoff, deliver, send
from .inbox import device_register, inbox, mark_all_read, mark_read, unread_count
from .outbox import enqueue, notify, requeue_stale, resend
from .preferences import (
    notification_preferences,
    notification_preferences_set,
    optouts,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_user_kind,
)
from .rendering import MissingPlaceholder, email_parts, localized, render

__all__ = [
    "MissingPlaceholder",
    "backoff",
    "deliver",
    "device_register",
    "email_parts",
    "enqueue",
    "inbox",
    "localized",
    "mark_all_read",
    "mark_read",
    "notification_preferences",
    "notification_preferences_set",
    "notify",
    "optouts",
    "render",
    "requeue_stale",
    "resend",
    "send",
    "unread_count",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_user_kind",
]
