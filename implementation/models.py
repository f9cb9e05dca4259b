"""Funded projects: what a winning proposal became, and its progress until done.

A FundedProject carries the promise (department, planned dates, budget); each Update is one
public step of the history (status, text, money spent to date, photos). The project's own
`status` and `spent` mirror its latest update so lists need no subquery.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated
from cycles.models import MONEY


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PROCUREMENT = "procurement", _("Procurement")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A project in one of these states is finished: it takes no more updates, and the cycle may close.
DONE = frozenset({ProjectStatus.COMPLETED, ProjectStatus.CANCELLED})

# What an organizer sets: the plan of a funded project, and each progress update. Forms,
# serializers and services use these lists.
PLAN_FIELDS = ("department", "planned_start", "planned_end", "budget", "latitude", "longitude")
UPDATE_FIELDS = ("status", "spent", "text_ka", "text_en", "reason")


def _percent(part, whole) -> int:
    if not whole or whole <= 0:
        return 0
    return max(0, min(100, round(100 * part / whole)))


class FundedProjectQuerySet(models.QuerySet):
    def over_budget(self):
        """Spent more than the plan."""
        return self.filter(spent__gt=F("budget"))

    def late(self, today: date | None = None):
        """Past the planned end and neither completed nor cancelled."""
        today = today or timezone.localdate()
        return self.filter(planned_end__lt=today).exclude(status__in=DONE)

    def needing_attention(self, today: date | None = None):
        """Over budget or late: what the organizer dashboard flags."""
        today = today or timezone.localdate()
        late = Q(planned_end__lt=today) & ~Q(status__in=DONE)
        return self.filter(Q(spent__gt=F("budget")) | late)


class FundedProject(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="funded_projects"
    )
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="funded_project"
    )
    department = models.CharField(_("responsible department"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budgeted amount (GEL)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    spent = models.DecimalField(
        _("spent to date (GEL)"),
        **MONEY,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNED,
        db_index=True,
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundedProjectQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "id"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="funded_budget_not_negative"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="funded_spent_not_negative"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=models.F("planned_end")),
                name="funded_start_not_after_end",
            ),
            # a point is both coordinates or neither
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="funded_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="funded_point_on_earth",
            ),
        ]

    def __str__(self):
        return self.proposal.title

    @property
    def title(self) -> str:
        return self.proposal.title

    @property
    def is_done(self) -> bool:
        return self.status in DONE

    def followed_by(self, user) -> bool:
        return bool(user and user.is_authenticated) and self.follows.filter(user=user).exists()

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self) -> str:
        if not self.has_point:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    @property
    def over_budget(self) -> bool:
        """Spent more than the plan (each such update carries a public reason)."""
        return self.spent > self.budget

    @property
    def overspend(self) -> Decimal:
        return max(self.spent - self.budget, Decimal("0.00"))

    def is_late(self, today: date | None = None) -> bool:
        """Past the planned end and neither completed nor cancelled."""
        today = today or timezone.localdate()
        return bool(self.planned_end) and not self.is_done and today > self.planned_end

    @property
    def late(self) -> bool:
        return self.is_late()

    def over_budget_reason(self) -> str:
        """The public reason of the latest update that spent above the plan."""
        if not self.over_budget:
            return ""
        update = self.updates.filter(spent__gt=self.budget).exclude(reason="").first()
        return update.reason if update else ""

    def money_percent(self) -> int:
        """Share of the budget spent, 0-100 (an overspend shows as full; the numbers say more)."""
        return _percent(self.spent, self.budget)

    def time_percent(self, today: date | None = None) -> int:
        """Share of the planned period that has passed, 0-100; 0 without a plan."""
        if not (self.planned_start and self.planned_end):
            return 0
        today = today or timezone.localdate()
        total = (self.planned_end - self.planned_start).days
        if total <= 0:
            return 100 if today >= self.planned_end else 0
        return _percent((today - self.planned_start).days, total)


class Update(models.Model):
    """One public step in a funded project's history. Never edited: a correction is a new one."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices)
    text_ka = models.TextField(_("text (Georgian)"), blank=True, max_length=5000)
    text_en = models.TextField(_("text (English)"), blank=True, max_length=5000)
    spent = models.DecimalField(
        _("spent to date (GEL)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    reason = models.TextField(
        _("public reason"),
        blank=True,
        max_length=2000,
        help_text=_("Required when the project is cancelled or the amount spent is corrected."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    text = Translated("text")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(spent__gte=0), name="update_spent_not_negative"),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.CANCELLED) | ~Q(reason=""),
                name="update_cancel_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.status} {self.at:%Y-%m-%d}"


def _photo_path(instance, filename):
    return f"implementation/{instance.update.project_id}/{filename}"


class Photo(models.Model):
    """A photo of the works, re-encoded on upload: EXIF (location, camera) stripped."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class Follow(models.Model):
    """A resident who asked to be told of every update of a funded project."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_projects"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="follow_once_per_project")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.project_id}"


class ProblemReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class ProblemReportQuerySet(models.QuerySet):
    def visible_to(self, user, *, moderator: bool):
        """Published reports for everyone; moderators see all; a reporter also sees their own."""
        if moderator:
            return self
        shown = Q(status=ProblemReportStatus.PUBLISHED)
        if user is not None and user.is_authenticated:
            shown |= Q(author=user)
        return self.filter(shown)


class ProblemReport(models.Model):
    """A resident says what is wrong with a funded project ("the lamps were never installed").

    Organizers moderate it (published, or not with a public reason) and answer it; the reporter
    is never named on public pages."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="problem_reports"
    )
    text = models.TextField(_("what is wrong"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProblemReportStatus.choices,
        default=ProblemReportStatus.PENDING,
        db_index=True,
    )
    reason = models.TextField(_("public reason"), blank=True, max_length=2000)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="problem_report_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.text[:40]}"


def _report_photo_path(instance, filename):
    return f"implementation/{instance.report.project_id}/reports/{filename}"


class ProblemReportPhoto(models.Model):
    """A resident's photo of the problem, re-encoded like every other photo (no EXIF)."""

    report = models.ForeignKey(ProblemReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=_report_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(upload_to=_report_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name
