"""Envelopes, ballot projects, voter keys, ballots and results.

Integrity lives in the database: one voter key per personal number per cycle, one ballot per
voter key per envelope. The personal number itself is never stored, only its keyed HMAC.
"""

import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.models import MONEY, BallotKind


def gel(amount) -> str:
    """An amount as the reader's language writes it: "150 000" in Georgian, "150,000" in English."""
    return floatformat(amount, "-2g")


# What an organizer sets on an envelope: the form, the serializer and the services use this list.
ENVELOPE_FIELDS = (
    "community",
    "budget",
    "ballot_kind",
    "max_choices",
    "min_share",
    "points",
    "max_points_per_project",
)


class Envelope(models.Model):
    """A part of the cycle's budget: municipality-wide (no community) or one community's."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="envelopes")
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="envelopes",
        verbose_name=_("community"),
        help_text=_("Empty: the municipality-wide envelope."),
    )
    budget = models.DecimalField(
        _("budget (GEL)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    ballot_kind = models.CharField(
        _("ballot kind"), max_length=12, choices=BallotKind.choices, default=BallotKind.KNAPSACK
    )
    max_choices = models.PositiveSmallIntegerField(
        _("approval: at most this many projects"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    min_share = models.DecimalField(
        _("knapsack: minimum share of the budget"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "A fraction between 0 and 1, e.g. 0.50: the chosen projects must cost at "
            "least half the budget. Empty: no minimum."
        ),
    )
    points = models.PositiveSmallIntegerField(
        _("cumulative: points per voter"), default=10, validators=[MinValueValidator(1)]
    )
    max_points_per_project = models.PositiveSmallIntegerField(
        _("cumulative: at most this many points per project"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: all points may go to one project."),
    )

    class Meta:
        ordering = ["cycle", "community__name_ka", "id"]
        verbose_name = _("envelope")
        verbose_name_plural = _("envelopes")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(community__isnull=True),
                name="one_municipality_wide_envelope_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["cycle", "community"],
                condition=Q(community__isnull=False),
                name="one_envelope_per_community_per_cycle",
            ),
            models.CheckConstraint(condition=Q(budget__gt=0), name="envelope_budget_positive"),
            models.CheckConstraint(
                condition=Q(min_share__isnull=True) | Q(min_share__gte=0, min_share__lte=1),
                name="envelope_min_share_is_a_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return str(self.community.name) if self.community_id else str(_("Whole municipality"))

    @property
    def per_project_cap(self) -> int:
        return self.max_points_per_project or self.points

    def rule_text(self) -> str:
        """The ballot rule in one sentence, as the voter reads it."""
        if self.ballot_kind == BallotKind.APPROVAL:
            if self.max_choices:
                return str(_("Choose up to %(k)d projects.") % {"k": self.max_choices})
            return str(_("Choose any number of projects."))
        if self.ballot_kind == BallotKind.KNAPSACK:
            text = str(_("Choose projects whose total cost is at most %(budget)s GEL.")) % {
                "budget": gel(self.budget)
            }
            if self.min_share:
                text += " " + str(
                    _("They must cost at least %(min)s GEL together.")
                    % {"min": gel(self.min_total().quantize(Decimal("0.01")))}
                )
            return text
        return str(
            _("Spread up to %(n)d points, at most %(m)d on one project.")
            % {"n": self.points, "m": self.per_project_cap}
        )

    def min_total(self) -> Decimal:
        return (self.budget * self.min_share) if self.min_share else Decimal("0")


class BallotProject(models.Model):
    """A shortlisted proposal as frozen for the vote: what voters saw is what is counted."""

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="projects")
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="ballot_project"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    cost = models.DecimalField(_("cost (GEL)"), **MONEY)

    class Meta:
        ordering = ["envelope", "title", "id"]
        verbose_name = _("ballot project")
        verbose_name_plural = _("ballot projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="ballot_project_cost_not_negative"
            )
        ]

    def __str__(self):
        return self.title


def voter_key_for(personal_number: str) -> str:
    """The keyed HMAC-SHA256 of a personal number: the only form in which it is ever stored."""
    secret = settings.VOTER_KEY_SECRET.encode()
    return hmac.new(secret, personal_number.encode(), hashlib.sha256).hexdigest()


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, at a voting point")


class VoterKeyQuerySet(models.QuerySet):
    def voted(self):
        """The people who voted, each once, with the time (`first_at`) and channel
        (`first_channel`) of their first ballot: the one turnout rule (voting.turnout)."""
        first = Ballot.objects.filter(voter=OuterRef("pk")).order_by("created_at", "id")
        return self.annotate(
            first_at=Subquery(first.values("created_at")[:1]),
            first_channel=Subquery(first.values("channel")[:1]),
        ).filter(first_at__isnull=False)


class VoterKey(models.Model):
    """One person in one cycle, identified by the HMAC of their personal number."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="voter_keys")
    key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voter_keys",
        help_text=_("Empty for a person who voted on paper without an account."),
    )
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the person lives, for community envelopes and turnout."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VoterKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("voter key")
        verbose_name_plural = _("voter keys")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="one_voter_key_per_person"),
            models.UniqueConstraint(
                fields=["cycle", "user"],
                condition=Q(user__isnull=False),
                name="one_voter_key_per_account",
            ),
        ]

    def __str__(self):
        return f"voter #{self.pk}"  # never the key: it would let the log link people


def new_receipt() -> str:
    """16 characters from a 32-letter alphabet: 80 random bits, unguessable, easy to read out."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


class Ballot(models.Model):
    """A voter's ballot in one envelope. Replacing it keeps the row and issues a new receipt."""

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(VoterKey, on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(
        max_length=8, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    receipt = models.CharField(max_length=16, unique=True, default=new_receipt)
    voting_point = models.ForeignKey(
        "voting_points.VotingPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("voting point"),
        help_text=_("Where a paper ballot was cast; empty online."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who entered a paper ballot."),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "voter"], name="one_ballot_per_voter_per_envelope"
            )
        ]

    def __str__(self):
        return f"ballot #{self.pk}"


class Choice(models.Model):
    """One project on a ballot; `points` is 1 for approval and knapsack ballots."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BallotProject, on_delete=models.PROTECT, related_name="choices")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_choice_per_project"),
            models.CheckConstraint(condition=Q(points__gt=0), name="choice_points_positive"),
        ]

    def __str__(self):
        return f"choice #{self.pk}"


class EnvelopeResult(models.Model):
    """The tally of one envelope: which rule, over which ballots (their hash), when."""

    envelope = models.OneToOneField(Envelope, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(_("rule"), max_length=40)
    ballots = models.PositiveIntegerField(_("ballots counted"))
    ballot_hash = models.CharField(_("SHA-256 of the anonymized ballots"), max_length=64)
    spent = models.DecimalField(_("cost of the winners (GEL)"), **MONEY)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("envelope result")
        verbose_name_plural = _("envelope results")

    def __str__(self):
        return f"{self.envelope}: {self.rule}"

    @property
    def rule_label(self) -> str:
        from cycles.models import TallyRule

        return str(TallyRule(self.rule).label) if self.rule in TallyRule.values else self.rule


class ProjectResult(models.Model):
    result = models.ForeignKey(EnvelopeResult, on_delete=models.CASCADE, related_name="projects")
    project = models.OneToOneField(BallotProject, on_delete=models.CASCADE, related_name="result")
    votes = models.PositiveIntegerField(_("votes (points for cumulative ballots)"))
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        help_text=_(
            "Approval and knapsack: the share of ballots choosing it; cumulative: the "
            "share of all points."
        ),
    )
    cost = models.DecimalField(_("cost (GEL)"), **MONEY)
    won = models.BooleanField(_("funded"))
    rank = models.PositiveSmallIntegerField(_("rank by votes"))

    class Meta:
        ordering = ["result", "rank"]
        verbose_name = _("project result")
        verbose_name_plural = _("project results")

    def __str__(self):
        return f"{self.project}: {self.votes}"
