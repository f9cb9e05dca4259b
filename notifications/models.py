import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryChannel(models.TextChoices):
    """How a notification reaches its recipient."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    INAPP = "inapp", _("In the app")
    PUSH = "push", _("Push")
    # one row for one recipient that the worker turns into the rows of the kind's channels
    # (outbox.split_row): nothing is sent on it
    SPLIT = "split", _("Every channel (split by the worker)")


# the channels a message reaches a person on, which they can turn on and off
PERSONAL_CHANNELS = [c for c in DeliveryChannel.choices if c[0] != DeliveryChannel.SPLIT]


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Notification(models.Model):
    """One message to one recipient on one channel: an outbox row.

    Written in the transaction of the change that caused it; delivered after commit; the
    unique `dedupe_key` (kind, recipient, subject, channel) makes it one row per event, and the
    conditional claim (pending -> sending) makes one worker send it. See services/delivery.py
    for the crash window between sending and marking sent.
    """

    MAX_ATTEMPTS = 6

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # no index of its own: "notification_inbox" starts with it (one index less per write)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=40)  # no index: nothing hot asks by kind (issue 18)
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    subject = models.CharField(max_length=120, blank=True, help_text=_("What it is about."))
    # unique by "one_notification_per_dedupe_key": `unique=True` adds a LIKE index never asked
    dedupe_key = models.CharField(max_length=255)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(
        default=timezone.now, help_text=_("Not sent before this time (retry backoff).")
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="one_notification_per_dedupe_key")
        ]
        indexes = [
            # what the beat task scans: small, because delivered rows leave it
            models.Index(
                fields=["due_at"],
                name="notification_unsent",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(
                fields=["created_at"], name="notification_failed", condition=Q(status="failed")
            ),
            models.Index(fields=["recipient", "channel", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=Q(channel="inapp", read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.channel}, {self.status})"


class Preference(models.Model):
    """A user's choice for one kind on one channel. No row means the default: on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind of notice"), max_length=40)
    channel = models.CharField(_("channel"), max_length=8, choices=PERSONAL_CHANNELS)
    enabled = models.BooleanField(_("on"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="notification_preference_unique"
            )
        ]
        # fan-out asks "who turned this kind off?"
        indexes = [
            models.Index(
                fields=["kind", "channel"], name="notification_optout", condition=Q(enabled=False)
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"


class Device(models.Model):
    """A phone that receives push messages. A token belongs to one user at a time, and moves to
    another account only with the device's secret (services.inbox.device_register)."""

    class Platform(models.TextChoices):
        ANDROID = "android", "Android"
        IOS = "ios", "iOS"
        WEB = "web", _("Web")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="devices",
        verbose_name=_("user"),
    )
    token = models.CharField(_("push token"), max_length=255, unique=True)
    # SHA-256 of the secret the app got when it registered the token (the secret itself is
    # random, 32 bytes, and kept only on the device)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=64, blank=True, default="")
    platform = models.CharField(
        _("platform"), max_length=8, choices=Platform.choices, default=Platform.ANDROID
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self):
        return f"{self.get_platform_display()} {self.token[:12]}…"
