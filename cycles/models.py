import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated

from .phases import ORDER, TRANSITIONS, Phase

MONEY = {"max_digits": 12, "decimal_places": 2}


class Municipality(models.Model):
    slug = models.SlugField(_("name in the address"), unique=True)
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
    slug = models.SlugField(_("name in the address"))
    name_ka = models.CharField(_("name (Georgian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

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
    RANKED = "ranked", _("Ranked (rank up to k projects, points by rank)")


class TallyRule(models.TextChoices):
    """Every rule of the engine (voting.rules), named as Pabulib names them."""

    GREEDY = "greedy", _("Greedy by votes within the budget")
    GREEDY_NO_SKIP = (
        "greedy-no-skip",
        _("Greedy by votes, stopping at the first project that does not fit"),
    )
    GREEDY_THRESHOLD = (
        "greedy-threshold",
        _("Greedy by votes, among projects with at least the threshold of votes"),
    )
    EQUAL_SHARES = "equalshares/add1", _("Method of Equal Shares (with completion)")
    EQUAL_SHARES_COMPARISON = (
        "equalshares/add1-comparison",
        _("Method of Equal Shares (with completion), or greedy if more voters prefer it"),
    )


RULE_EXPLAINED = {
    TallyRule.GREEDY: _(
        "Projects are taken from the most votes down; each one that still fits in what is left "
        "of the budget is funded, one that does not fit is skipped."
    ),
    TallyRule.GREEDY_NO_SKIP: _(
        "Projects are taken from the most votes down and funded until the first one that does "
        "not fit in what is left of the budget; counting stops there."
    ),
    TallyRule.GREEDY_THRESHOLD: _(
        "Only projects with at least the threshold of votes take part; among them, from the most "
        "votes down, each one that still fits is funded."
    ),
    TallyRule.EQUAL_SHARES: _(
        "Every voter gets an equal share of the budget; a project is funded when its supporters "
        "can pay for it together, the cheapest for them first, so groups of voters get projects "
        "in proportion to their size."
    ),
    TallyRule.EQUAL_SHARES_COMPARISON: _(
        "The Method of Equal Shares, then compared with greedy: greedy's outcome is used only if "
        "more voters prefer it."
    ),
}


def tally_options(rule: str, threshold) -> dict:
    """The engine's options for `rule`: greedy-threshold takes its threshold, no other rule does."""
    if rule == TallyRule.GREEDY_THRESHOLD:
        return {"min_project_score_threshold": threshold}
    return {}


def rule_in_words(rule: str, threshold=None) -> str:
    """A tally rule as the reader's language says it, with its threshold."""
    text = str(TallyRule(rule).label) if rule in TallyRule.values else rule
    if rule == TallyRule.GREEDY_THRESHOLD and threshold:
        text += " " + str(_("(at least %(n)d votes)") % {"n": threshold})
    return text


TALLY_RULE_LENGTH = 32
THRESHOLD_HELP = _(
    "Greedy with a threshold only: a project needs at least this many votes (points on "
    "cumulative and ranked ballots) to be funded."
)


# phase -> the schedule field holding the date it starts
SCHEDULE_FIELDS = {p: f"{p}_starts" for p in ORDER[1:]}


class Cycle(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("municipality"),
    )
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
        _("tally rule"),
        max_length=TALLY_RULE_LENGTH,
        choices=TallyRule.choices,
        default=TallyRule.GREEDY,
    )
    tally_threshold = models.PositiveIntegerField(
        _("tally threshold (votes)"),
        null=True,
        blank=True,
        # the column's range on every database (SQLite would store a larger one)
        validators=[MinValueValidator(1), MaxValueValidator(2**31 - 1)],
        help_text=THRESHOLD_HELP,
    )
    voter_roll_required = models.BooleanField(
        _("only people on the voter roll may vote"),
        default=False,
        help_text=_("The roll the municipality imports decides who votes and in which community."),
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
        "tally_threshold",
        "voter_roll_required",
        *SCHEDULE_FIELDS.values(),
    ]
    # The rules of the vote: frozen once voting opens (the phase table's `change_voting_rules`),
    # so the results are counted under the rules voters were told.
    VOTING_RULE_FIELDS = [
        "tally_rule",
        "tally_threshold",
        "total_budget",
        "min_voter_age",
        "ballot_changes_allowed",
        "ballot_kind",
        "voter_roll_required",
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
    def tally_rule_text(self) -> str:
        return rule_in_words(self.tally_rule, self.tally_threshold)

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
    from_phase = models.CharField(_("from phase"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=20, choices=Phase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty when the schedule moved the phase."),
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

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
