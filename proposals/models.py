from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import Searchable
from core.storage import private_storage
from cycles.models import MONEY
from ideas.models import Idea


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


S = ProposalStatus
# The one table of how a proposal's status may move (`proposals.services.proposal_set_status`
# asks it): anything else is a 409, never a silent write. Nothing moves back to a draft, and
# nothing leaves the vote's verdict except into implementation.
STATUS_MOVES: dict[str, frozenset] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.FEASIBLE, S.NOT_FEASIBLE}),
    # staff may revise an assessment until the jury's shortlist decides
    S.FEASIBLE: frozenset({S.NOT_FEASIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED}),
    S.NOT_FEASIBLE: frozenset({S.FEASIBLE}),
    S.SHORTLISTED: frozenset({S.WON, S.LOST}),
    S.WON: frozenset({S.IN_IMPLEMENTATION}),
    S.IN_IMPLEMENTATION: frozenset({S.COMPLETED}),
}
# Submitted and not yet decided by the jury: what staff assess.
VALUABLE = frozenset({S.SUBMITTED, S.FEASIBLE, S.NOT_FEASIBLE})
# What the jury reviews, ranks and shortlists.
IN_REVIEW = S.FEASIBLE

# What the authors write, declared once: the form, the serializers, the services and the
# jury's blind view all use these lists.
AUTHOR_FIELDS = (
    "title",
    "summary",
    "problem",
    "objectives",
    "beneficiaries",
    "beneficiaries_count",
    "location",
    "timeline_months",
    "maintenance",
)
NUMBER_FIELDS = ("beneficiaries_count", "timeline_months")
# Everything but the summary must be there before a proposal is submitted.
REQUIRED_TO_SUBMIT = tuple(f for f in AUTHOR_FIELDS if f != "summary")
# What staff set when they assess a proposal (the record keeps each change).
VALUATION_FIELDS = ("valuation_reason", "cost_estimate", "valued_at", "valued_by")
BUDGET_LINE_FIELDS = ("item", "quantity", "unit", "unit_cost")


class ProposalQuerySet(models.QuerySet):
    def of_author(self, user):
        """Proposals whose idea `user` wrote or co-wrote."""
        co_written = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
        return self.filter(Q(idea__author_id=user.pk) | Q(idea_id__in=co_written))

    def visible_to(self, user):
        """Submitted-or-later proposals are public; drafts only to their authors and organizers."""
        if not (user and user.is_authenticated):
            return self.exclude(status=S.DRAFT)
        if user.is_superuser:
            return self
        co_written = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
        return self.filter(
            ~Q(status=S.DRAFT)
            | Q(idea__author_id=user.pk)
            | Q(idea_id__in=co_written)
            | Q(cycle__municipality_id__in=list(user.organizer_municipality_ids))
        )


class Proposal(Searchable):
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
    problem = models.TextField(_("problem"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    beneficiaries = models.TextField(_("who benefits and how"), blank=True)
    beneficiaries_count = models.PositiveIntegerField(
        _("how many people benefit"), null=True, blank=True
    )
    location = models.CharField(_("exact location"), max_length=300, blank=True)
    timeline_months = models.PositiveSmallIntegerField(
        _("timeline (months)"), null=True, blank=True
    )
    maintenance = models.TextField(_("who maintains the result"), blank=True)
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
    valuation_reason = models.TextField(
        _("feasibility reason"), blank=True, help_text=_("Public: shown with the proposal.")
    )
    valued_at = models.DateTimeField(null=True, blank=True)
    valued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    SEARCH_FIELDS = ("title", "summary", "problem")

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

    def compute_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0.00"))


CENT = Decimal("0.01")


class BudgetLine(models.Model):
    """One line of a proposal's budget; the proposal's total is the sum of these, server-side."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_cost = models.DecimalField(
        _("unit cost (GEL)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["proposal", "position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="budget_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0), name="budget_line_cost_not_negative"
            ),
        ]

    def __str__(self):
        return self.item

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_cost).quantize(CENT, rounding=ROUND_HALF_UP)


def attachment_path(instance, filename):
    return f"proposals/{instance.proposal_id}/{filename}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    IMAGE = "image", _("Image")


class AttachmentQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Attachments are private: their proposal's authors, the municipality's organizers and
        the jurors assigned to the proposal read them; nobody else learns they exist."""
        if not (user and user.is_authenticated):
            return self.none()
        if user.is_superuser:
            return self
        co_written = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
        # jury.Assignment by its reverse name (jury depends on proposals, not the other way);
        # a juror who recused for a conflict of interest no longer reads the proposal's files
        judged = Proposal.objects.filter(
            jury_assignments__juror__user_id=user.pk,
            jury_assignments__status__in=("pending", "submitted"),
        ).values("pk")
        return self.filter(
            Q(proposal__idea__author_id=user.pk)
            | Q(proposal__idea_id__in=co_written)
            | Q(proposal__cycle__municipality_id__in=list(user.organizer_municipality_ids))
            | Q(proposal_id__in=judged)
        )


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    # private storage: never under a public URL (core.storage, core.media)
    file = models.FileField(upload_to=attachment_path, max_length=300, storage=private_storage)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=5, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


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
