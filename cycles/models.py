import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated

from .phases import ORDER, TRANSITIONS, Phase

MONEY = {"max_digits": 12, "decimal_places": 2}


class Municipality(models.Model):
    slug = models.SlugField(unique=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    region_ka = models.CharField(_("region (Georgian)"), max_length=120, blank=True)
    region_en = models.CharField(_("region (English)"), max_length=120, blank=True)

    name = Translated("name")
    region = Translated("region")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def organizers(self):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(roles__municipality=self, roles__kind="organizer", is_active=True)
            .distinct()
        )


class Community(models.Model):
    """A village or community group (თემი) of a municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="communities"
    )
    slug = models.SlugField()
    name_ka = models.CharField(_("name (Georgian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    name = Translated("name")

    class Meta:
        ordering = ["municipality", "slug"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="community_slug_unique")
        ]

    def __str__(self):
        return self.name


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval (choose up to k projects)")
    KNAPSACK = "knapsack", _("Knapsack (total cost within the budget)")
    CUMULATIVE = "cumulative", _("Cumulative (spread points)")


class TallyRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy by votes within the budget")
    EQUAL_SHARES = "equalshares/add1", _("Method of Equal Shares (with completion)")


# phase -> the schedule field holding the date it starts
SCHEDULE_FIELDS = {p: f"{p}_starts" for p in ORDER[1:]}


class Cycle(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    title_ka = models.CharField(_("title (Georgian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ka = models.TextField(_("description (Georgian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)

    total_budget = models.DecimalField(
        _("total budget (GEL)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    min_project_cost = models.DecimalField(
        _("minimum project cost (GEL)"),
        **MONEY,
        default=Decimal("1000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_project_cost = models.DecimalField(
        _("maximum project cost (GEL)"),
        **MONEY,
        default=Decimal("100000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    # rules
    ideas_per_author = models.PositiveSmallIntegerField(
        _("ideas per author"), default=3, help_text=_("0 means no limit.")
    )
    trainings_open_to_all = models.BooleanField(
        _("trainings open to every resident"), default=False
    )
    training_required = models.BooleanField(
        _("training required before a proposal is submitted"), default=True
    )
    jurors_per_proposal = models.PositiveSmallIntegerField(
        _("jurors per proposal"),
        null=True,
        blank=True,
        help_text=_("Empty: every juror scores every proposal."),
    )
    normalize_scores = models.BooleanField(_("normalize each juror's scores"), default=False)
    shortlist_size = models.PositiveSmallIntegerField(_("shortlist size"), default=10)
    min_voter_age = models.PositiveSmallIntegerField(_("minimum voter age"), default=16)
    ballot_kind = models.CharField(
        _("ballot kind"), max_length=12, choices=BallotKind.choices, default=BallotKind.KNAPSACK
    )
    ballot_changes_allowed = models.BooleanField(_("voters may change their ballot"), default=True)
    tally_rule = models.CharField(
        _("tally rule"), max_length=24, choices=TallyRule.choices, default=TallyRule.GREEDY
    )

    # schedule: the date each phase starts
    idea_submission_starts = models.DateTimeField(
        _("ideas competition starts"), null=True, blank=True
    )
    training_starts = models.DateTimeField(_("trainings start"), null=True, blank=True)
    jury_review_starts = models.DateTimeField(_("jury review starts"), null=True, blank=True)
    voting_starts = models.DateTimeField(_("voting starts"), null=True, blank=True)
    results_starts = models.DateTimeField(_("results published"), null=True, blank=True)
    implementation_starts = models.DateTimeField(_("implementation starts"), null=True, blank=True)
    closed_starts = models.DateTimeField(_("cycle closes"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    title = Translated("title")
    description = Translated("description")

    # What an organizer sets, through the API, the admin and the services alike; `municipality`
    # only when the cycle is created, and the phase only through services.advance().
    EDITABLE_FIELDS = [
        "year",
        "title_ka",
        "title_en",
        "description_ka",
        "description_en",
        "total_budget",
        "min_project_cost",
        "max_project_cost",
        "ideas_per_author",
        "trainings_open_to_all",
        "training_required",
        "jurors_per_proposal",
        "normalize_scores",
        "shortlist_size",
        "min_voter_age",
        "ballot_kind",
        "ballot_changes_allowed",
        "tally_rule",
        *SCHEDULE_FIELDS.values(),
    ]

    class Meta:
        ordering = ["-year", "municipality"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="one_cycle_per_municipality_and_year"
            ),
            models.CheckConstraint(
                condition=Q(min_project_cost__lte=F("max_project_cost")),
                name="cycle_min_cost_not_above_max",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}"

    @property
    def next_phase(self):
        return TRANSITIONS.get(self.phase)

    def starts(self, phase):
        field = SCHEDULE_FIELDS.get(phase)
        return getattr(self, field) if field else None

    def schedule(self):
        """[(phase, label, starts, state)] with state past/current/future, for timelines."""
        now_index = ORDER.index(self.phase)
        rows = []
        for i, phase in enumerate(ORDER):
            state = "past" if i < now_index else "current" if i == now_index else "future"
            rows.append((phase, Phase(phase).label, self.starts(phase), state))
        return rows

    @property
    def phase_ends_at(self):
        """When the current phase ends: the next phase's scheduled start, or None."""
        nxt = self.next_phase
        return self.starts(nxt) if nxt else None

    def timeline(self):
        """[{phase, label, starts, ends, state}] for timelines. A phase that has begun shows when
        it really began (its transition), so an early advance shows no current phase with a
        future date; a phase ends when the next one begins (or is scheduled to)."""
        began = {t.to_phase: t.at for t in self.transitions.all()}
        now_index = ORDER.index(self.phase)
        rows = []
        for i, phase in enumerate(ORDER):
            state = "past" if i < now_index else "current" if i == now_index else "future"
            starts = began.get(phase) if i <= now_index else None
            if starts is None and i <= now_index:
                # begun without a transition row (a seeded cycle): the schedule, never the future
                starts = self.starts(phase)
                if starts and starts > timezone.now():
                    starts = None
            elif i > now_index:
                starts = self.starts(phase)
            rows.append(
                {"phase": phase, "label": Phase(phase).label, "starts": starts, "state": state}
            )
        for row, after in zip(rows, rows[1:], strict=False):
            row["ends"] = after["starts"]
        rows[-1]["ends"] = None
        return rows

    def is_due(self, now=None):
        """Whether the next phase's start has come (the beat task advances such cycles)."""
        nxt = self.next_phase
        start = self.starts(nxt) if nxt else None
        return bool(start and start <= (now or timezone.now()))


def default_schedule(year):
    """The default schedule of a cycle of `year`; jury review opens on 30 September."""
    tz = timezone.get_default_timezone()

    def at(month, day):
        return datetime.datetime(year, month, day, 9, 0, tzinfo=tz)

    return {
        "idea_submission_starts": at(6, 1),
        "training_starts": at(7, 15),
        "jury_review_starts": at(9, 30),
        "voting_starts": at(10, 25),
        "results_starts": at(11, 15),
        "implementation_starts": at(12, 1),
        "closed_starts": None,
    }


class PhaseTransition(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(max_length=20, choices=Phase.choices)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty when the schedule moved the phase."),
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")
        constraints = [
            # the conditional UPDATE already lets only one mover win; this makes it provable
            models.UniqueConstraint(
                fields=["cycle", "to_phase"], name="one_transition_into_each_phase"
            )
        ]

    def __str__(self):
        return f"{self.cycle}: {self.from_phase} -> {self.to_phase}"
