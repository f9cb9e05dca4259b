from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntryQuerySet(models.QuerySet):
    def of_cycle(self, cycle, *, include_private=False):
        """A cycle's entries, oldest first; the non-public ones only if `include_private` (its
        organizers)."""
        entries = self.filter(cycle=cycle).order_by("at", "id")
        return entries if include_private else entries.filter(public=True)

    def actions(self) -> list[str]:
        """The distinct actions among these entries, for a filter's choices."""
        return sorted(self.order_by().values_list("action", flat=True).distinct())


class Entry(models.Model):
    """One decision in the public record of a cycle. Written by services; never edited."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="record_entries", null=True
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        indexes = [models.Index(fields=["cycle", "at"], name="record_cycle_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValueError("record entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("record entries are append-only")
