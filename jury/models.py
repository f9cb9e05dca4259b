"""The jury of a cycle: jurors, criteria, assignments with their scores, and the shortlist.

A juror sees a proposal only through an Assignment, never its authors (blind review); the
aggregation lives in `scoring.py` (pure), the ranking in `ranking.py` and the rules in
`services/`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("To score")
    SUBMITTED = "submitted", _("Submitted")
    RECUSED = "recused", _("Recused (conflict of interest)")


class JurorQuerySet(models.QuerySet):
    def with_progress(self):
        """Each juror with how far they are, the one definition the API, the jury pages and the
        dashboard show: `assigned` (not recused), `done` (submitted), `pending` and `recused`."""
        status = "assignments__status"
        return self.select_related("user").annotate(
            assigned=Count("assignments", filter=~Q(**{status: AssignmentStatus.RECUSED})),
            done=Count("assignments", filter=Q(**{status: AssignmentStatus.SUBMITTED})),
            pending=Count("assignments", filter=Q(**{status: AssignmentStatus.PENDING})),
            recused=Count("assignments", filter=Q(**{status: AssignmentStatus.RECUSED})),
        )


class Juror(models.Model):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="juror_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    added_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the 'review ends soon' reminder went out.")
    )

    objects = JurorQuerySet.as_manager()

    class Meta:
        ordering = ["-is_chair", "id"]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="juror_once_per_cycle"),
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(is_chair=True), name="one_chair_per_cycle"
            ),
        ]

    def __str__(self):
        return str(self.user)


class Criterion(models.Model):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="criteria")
    name_ka = models.CharField(_("name (Georgian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description_ka = models.TextField(_("description (Georgian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["cycle", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_max_positive"),
            models.UniqueConstraint(fields=["cycle", "name_ka"], name="criterion_name_unique"),
        ]

    def __str__(self):
        return self.name


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        """The ones that count: not recused."""
        return self.exclude(status=AssignmentStatus.RECUSED)


class Assignment(models.Model):
    """One proposal to score by one juror."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="jury_assignments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    recused_at = models.DateTimeField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_("The recused assignment this one took over."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["proposal_id", "juror_id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["juror", "proposal"], name="assignment_once"),
        ]

    def __str__(self):
        return f"{self.juror} · {self.proposal_id}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once"),
        ]

    def __str__(self):
        return f"{self.criterion_id}={self.value}"


class Shortlist(models.Model):
    """The published shortlist of a cycle: what goes on the ballot, once (one per cycle)."""

    cycle = models.OneToOneField("cycles.Cycle", on_delete=models.CASCADE, related_name="shortlist")
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    justification = models.TextField(_("justification of changes"), blank=True)
    size = models.PositiveSmallIntegerField(_("shortlist size used"))
    min_score = models.DecimalField(
        _("minimum score used"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    normalized = models.BooleanField(_("ranked by normalized scores"), default=False)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")

    def __str__(self):
        return f"{self.cycle}"


class ShortlistReason(models.TextChoices):
    RANKED = "ranked", _("Ranked within the shortlist")
    ADDED = "added", _("Added by the organizers")
    BELOW_CUT = "below_cut", _("Ranked below the cut")
    REMOVED = "removed", _("Removed by the organizers")
    NOT_SCORED = "not_scored", _("Not scored by the jury")


class ShortlistEntry(models.Model):
    """The ranking as published: one row per reviewed proposal, frozen at publication."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    normalized = models.FloatField(null=True, blank=True)
    jurors = models.PositiveSmallIntegerField(default=0)
    criteria = models.JSONField(
        default=list, blank=True, help_text=_("[{criterion, name_ka, name_en, average, max}]")
    )
    tied_with = models.JSONField(default=list, blank=True)
    shortlisted = models.BooleanField()
    reason = models.CharField(max_length=12, choices=ShortlistReason.choices)

    class Meta:
        ordering = ["shortlist", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "proposal"], name="shortlist_entry_once")
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.reason}"
