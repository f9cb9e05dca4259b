"""The tally of each envelope, and of each project in it: written once when results open."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.models import MONEY, rule_in_words

from .models import BallotProject, Envelope


class EnvelopeResult(models.Model):
    """The tally of one envelope: which rule, over which ballots (their hash), when."""

    envelope = models.OneToOneField(Envelope, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(_("rule"), max_length=40)
    threshold = models.PositiveIntegerField(
        _("threshold (votes)"), null=True, blank=True, help_text=_("Greedy with a threshold.")
    )
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
    def rule_explained(self) -> str:
        from cycles.models import RULE_EXPLAINED

        return str(RULE_EXPLAINED.get(self.rule, ""))

    @property
    def rule_label(self) -> str:
        """The rule in words, in the reader's language, with its threshold."""
        return rule_in_words(self.rule, self.threshold)


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
