"""The notifications app's services, by meaning: writing the outbox (outbox.py), sending it
(delivery.py), turning a row into text (rendering.py), a user's inbox and device (inbox.py),
who wants what (preferences.py) and whom a message would reach, counted before sending (reach.py).

notifications imports no domain app: callers pass users (objects, a queryset or ids) and a plain
JSON context. Other apps import from here: `from notifications.services import notify`.
"""

from .delivery import backoff, deliver, send
from .inbox import device_register, inbox, mark_all_read, mark_read, unread_count
from .outbox import enqueue, notify, queue_split, requeue_stale, resend, split_row
from .preferences import (
    notification_preferences,
    notification_preferences_set,
    optins,
    optouts,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_user_kind,
)
from .reach import reach, reached, sms_segments_for
from .relay import enqueue_soon
from .rendering import MissingPlaceholder, email_parts, localized, render, render_text

__all__ = [
    "MissingPlaceholder",
    "backoff",
    "deliver",
    "device_register",
    "email_parts",
    "enqueue",
    "enqueue_soon",
    "inbox",
    "localized",
    "mark_all_read",
    "mark_read",
    "notification_preferences",
    "notification_preferences_set",
    "notify",
    "optins",
    "optouts",
    "queue_split",
    "reach",
    "reached",
    "render",
    "render_text",
    "requeue_stale",
    "resend",
    "send",
    "sms_segments_for",
    "split_row",
    "unread_count",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_user_kind",
]
