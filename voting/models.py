"""Envelopes, ballot projects, voter keys, ballots and results.

Integrity lives in the database: one voter key per personal number per cycle, one ballot per
voter key per envelope. The personal number itself is never stored, only its keyed HMAC.
"""

import base64
import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cycles.models import (
    MONEY,
    TALLY_RULE_LENGTH,
    THRESHOLD_HELP,
    BallotKind,
    TallyRule,
)


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
    "tally_rule",
    "tally_threshold",
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
        _("approval and ranked: at most this many projects"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Empty: no limit. On a ranked ballot this is k: the first choice gets k points, "
            "the next one fewer (empty: k is the number of projects)."
        ),
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
    tally_rule = models.CharField(
        _("tally rule"),
        max_length=TALLY_RULE_LENGTH,
        choices=TallyRule.choices,
        blank=True,
        help_text=_("Empty: the cycle's rule."),
    )
    tally_threshold = models.PositiveIntegerField(
        _("tally threshold (votes)"),
        null=True,
        blank=True,
        # the column's range on every database (SQLite would store a larger one)
        validators=[MinValueValidator(1), MaxValueValidator(2**31 - 1)],
        help_text=THRESHOLD_HELP,
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

    def rule_and_threshold(self) -> tuple[str, int | None]:
        """The rule this envelope is counted with: its own, or else the cycle's."""
        if self.tally_rule:
            return self.tally_rule, self.tally_threshold
        return self.cycle.tally_rule, self.cycle.tally_threshold

    @property
    def per_project_cap(self) -> int:
        return self.max_points_per_project or self.points

    def rank_length(self) -> int:
        """k of a ranked ballot: at most k projects ranked, the first getting k points."""
        return self.max_choices or len(self.projects.all())

    def rank_points(self, place: int) -> int:
        """The points of the project ranked at `place` (1 = first choice): k, k-1, ..., 1."""
        return self.rank_length() - place + 1

    def rule_text(self) -> str:
        """The ballot rule in one sentence, as the voter reads it."""
        if self.ballot_kind == BallotKind.RANKED:
            return str(
                _(
                    "Rank up to %(k)d projects, the one you want most first: your first choice "
                    "gets %(k)d points, the next one point fewer, and so on."
                )
                % {"k": self.rank_length()}
            )
        if self.ballot_kind == BallotKind.APPROVAL:
            if self.max_choices:
                return ngettext(
                    "Choose up to %(k)d project.", "Choose up to %(k)d projects.", self.max_choices
                ) % {"k": self.max_choices}
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
            ngettext(
                "Spread up to %(n)d point, at most %(m)d on one project.",
                "Spread up to %(n)d points, at most %(m)d on one project.",
                self.points,
            )
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


def birth_hash_for(personal_number: str, birth_date) -> str:
    """The keyed hash of a person's birth date, bound to their number: a dump without the
    secret cannot try the few thousand possible dates, nor see who shares a birthday."""
    secret = settings.VOTER_KEY_SECRET.encode()
    text = f"birth:{personal_number}:{birth_date.isoformat()}"
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def ballot_tag_for(voter) -> str:
    """What a ballot names its voter by: a keyed hash of the voter key, with a secret the
    database never holds. The app finds a voter's ballots (and refuses a second one); a dump
    alone cannot join a ballot to a voter key, and so not to an account."""
    secret = hmac.new(settings.VOTER_KEY_SECRET.encode(), b"ballot-tag", hashlib.sha256).digest()
    return hmac.new(secret, f"{voter.cycle_id}:{voter.key}".encode(), hashlib.sha256).hexdigest()


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, at a voting point")


class VoterRollEntry(models.Model):
    """One eligible person on the cycle's voter roll, as the civil registry gave them: only
    the keyed hashes of their number and birth date, and their community."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="voter_roll")
    key = models.CharField(max_length=64)
    birth_hash = models.CharField(max_length=64)
    community = models.ForeignKey(
        "cycles.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="one_roll_entry_per_person")
        ]

    def __str__(self):
        return f"roll entry #{self.pk}"


class VoterKeyQuerySet(models.QuerySet):
    def voted(self):
        """The people who voted, each once (turnout, reminders): `voted` is set with their first
        ballot; which ballot is theirs the database does not say."""
        return self.filter(voted=True)


class VoterKey(models.Model):
    """One person in one cycle, identified by the HMAC of their personal number."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="voter_keys")
    key = models.CharField(max_length=64)
    birth_hash = models.CharField(
        max_length=64, blank=True, help_text=_("Keyed hash of the birth date (see birth_hash_for).")
    )
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
    voted = models.BooleanField(default=False)
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

    @property
    def tag(self) -> str:
        return ballot_tag_for(self)


# base32's letters, turned into the receipt's: no I, O, 0 or 1 to misread on paper
_RECEIPT_LETTERS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
)


def new_receipt() -> str:
    """16 characters from a 32-letter alphabet: 80 random bits, unguessable, easy to read out.

    The 10 random bytes are 16 base32 letters exactly (5 bits each, no padding), each as
    likely as any other: one call to the system's random source, not one a letter."""
    return base64.b32encode(secrets.token_bytes(10)).decode().translate(_RECEIPT_LETTERS)


def random_id() -> int:
    """A random primary key: ballot rows in id order would be in the order people voted, which
    other tables (messages, logins) also keep."""
    return secrets.randbelow(2**62) + 1


def ballot_day(moment=None):
    """A ballot's time, kept to the (local) day: an exact time would match the voter's other
    traces (a message sent, a login) in a dump."""
    local = timezone.localtime(moment or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class Ballot(models.Model):
    """A voter's ballot in one envelope. Replacing it keeps the row and issues a new receipt.

    It names its voter only by `voter_tag` (ballot_tag_for): without the app's secret nothing in
    the database leads from a ballot to a voter key or an account."""

    # Every index below is written by every ballot (issue 18): none that another one covers.
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    # no index of its own: "one_ballot_per_voter_per_envelope" starts with it
    envelope = models.ForeignKey(
        Envelope, on_delete=models.PROTECT, related_name="ballots", db_index=False
    )
    voter_tag = models.CharField(max_length=64)
    channel = models.CharField(
        max_length=8, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    # unique by "one_ballot_per_receipt": `unique=True` would add a LIKE index never asked
    receipt = models.CharField(max_length=16, default=new_receipt)
    # online ballots (nearly all) have neither: partial indexes below, for paper ballots only
    voting_point = models.ForeignKey(
        "voting_points.VotingPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="ballots",
        verbose_name=_("voting point"),
        help_text=_("Where a paper ballot was cast; empty online."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,
        related_name="+",
        help_text=_("The staff member who entered a paper ballot."),
    )
    created_at = models.DateTimeField(default=ballot_day, db_index=True)
    updated_at = models.DateTimeField(default=ballot_day)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "voter_tag"], name="one_ballot_per_voter_per_envelope"
            ),
            models.UniqueConstraint(fields=["receipt"], name="one_ballot_per_receipt"),
        ]
        indexes = [
            models.Index(
                fields=["voting_point"],
                name="paper_ballot_point",
                condition=Q(voting_point__isnull=False),
            ),
            models.Index(
                fields=["entered_by"],
                name="paper_ballot_entered_by",
                condition=Q(entered_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"ballot #{self.pk}"


class Choice(models.Model):
    """One project on a ballot; `points` is 1 for approval and knapsack ballots."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    # no index of its own: "one_choice_per_project" starts with it
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="choices", db_index=False
    )
    project = models.ForeignKey(BallotProject, on_delete=models.PROTECT, related_name="choices")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_choice_per_project"),
            models.CheckConstraint(condition=Q(points__gt=0), name="choice_points_positive"),
        ]

    def __str__(self):
        return f"choice #{self.pk}"


# The results (one row per envelope, one per project) live beside: imported here so Django and
# every `from voting.models import ...` find them.
from .result_models import EnvelopeResult, ProjectResult  # noqa: E402, F401
