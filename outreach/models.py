"""Reaching residents: the organizers' broadcasts and the reminders the schedule sends.

A broadcast is one message to the residents of a municipality (or of one village), sent once:
the same form posted twice names the same `key`, and (cycle, key) is unique. A cycle sends at
most settings.BROADCASTS_PER_DAY a day; each gets the next `number` of its local day, and
(cycle, day, number) is unique, so two organizers sending at once cannot both take the last one.
A reminder goes out once per cycle and kind: its row is claimed by a conditional UPDATE.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated
from notifications.models import DeliveryChannel

# what an organizer chooses a broadcast goes by (push follows in-app)
BROADCAST_CHANNELS = (DeliveryChannel.INAPP, DeliveryChannel.SMS, DeliveryChannel.EMAIL)
# what an organizer writes: the form, the serializer and the service use this list
BROADCAST_FIELDS = ("channels", "community", "text_ka", "text_en")
# about ten Georgian SMS segments (67 characters each once split): a notice, not a newsletter
TEXT_MAX = 640


class BroadcastQuerySet(models.QuerySet):
    def of_cycle(self, cycle):
        """A cycle's broadcasts, newest first, with what the list shows."""
        return self.filter(cycle=cycle).select_related("community").order_by("-sent_at", "-id")


class Broadcast(models.Model):
    """A message from a cycle's organizers to the residents of its municipality or a village."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.PROTECT, related_name="broadcasts")
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("Empty: every resident of the municipality."),
    )
    channels = models.JSONField(_("channels"), default=list)
    text_ka = models.TextField(_("text (Georgian)"), max_length=TEXT_MAX)
    text_en = models.TextField(_("text (English)"), max_length=TEXT_MAX, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    day = models.DateField(help_text=_("The local day it was sent, for the daily limit."))
    number = models.PositiveSmallIntegerField(help_text=_("Its number among that day's."))
    key = models.CharField(max_length=64, help_text=_("The same key sends once."))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sms_count = models.PositiveIntegerField(_("SMS segments"), default=0)

    text = Translated("text")
    objects = BroadcastQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="broadcast_sent_once_per_key"),
            models.UniqueConstraint(
                fields=["cycle", "day", "number"], name="broadcast_numbered_per_day"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="broadcast_number_positive"),
        ]

    def __str__(self):
        # the public record names it so: no person, only the message's number
        return _("Message no. %(id)d to residents") % {"id": self.pk}

    @property
    def channel_labels(self) -> list[str]:
        return [str(DeliveryChannel(c).label) for c in self.channels if c in DeliveryChannel.values]


class ReminderKind(models.TextChoices):
    VOTING_CLOSING = "voting_closing", _("Voting closes in 2 days")
    IDEAS_CLOSING = "ideas_closing", _("The ideas competition closes in 3 days")


class Reminder(models.Model):
    """One reminder of a cycle's deadline: created when due, claimed once (`sent_at`)."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="one_reminder_per_cycle_kind")
        ]

    def __str__(self):
        return f"{self.cycle}: {self.get_kind_display()}"
