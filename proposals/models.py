from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.models import MONEY


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")


class Proposal(models.Model):
    """The full proposal written from an eligible idea; what the jury scores and the ballot shows."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="proposals")
    idea = models.OneToOneField("ideas.Idea", on_delete=models.PROTECT, related_name="proposal")
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    total_cost = models.DecimalField(
        _("total cost (GEL)"),
        **MONEY,
        default=Decimal("0.00"),
        help_text=_("Computed from the budget lines; never taken from the client."),
    )
    cost_estimate = models.DecimalField(
        _("official cost estimate (GEL)"), **MONEY, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title

    @property
    def final_cost(self) -> Decimal:
        """The official estimate when staff set one, otherwise the author's total."""
        return self.cost_estimate if self.cost_estimate is not None else self.total_cost

    def authors(self):
        return self.idea.authors()


class StatusChange(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} -> {self.to_status}"
