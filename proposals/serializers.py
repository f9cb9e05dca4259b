"""What the proposals API reads and writes. The field lists come from proposals.models."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ideas.models import Idea

from . import services
from .models import (
    AUTHOR_FIELDS,
    BUDGET_LINE_FIELDS,
    Attachment,
    BudgetLine,
    Proposal,
    ProposalStatus,
    StatusChange,
)


class ProposalBudgetLineSerializer(serializers.ModelSerializer):
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [*BUDGET_LINE_FIELDS, "amount"]
        extra_kwargs = {"unit": {"required": False}}


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "kind", "size", "url", "created_at"]

    def get_url(self, attachment) -> str:
        """The API address that answers with the file to readers allowed to see it."""
        request = self.context.get("request")
        url = reverse(
            "api:proposal-attachment-file",
            kwargs={"pk": attachment.proposal_id, "attachment_id": attachment.pk},
        )
        return request.build_absolute_uri(url) if request else url


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, or a JPEG, PNG or WebP image; at most 10 MB.")


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "at", "reason"]


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProposalSerializer(serializers.ModelSerializer):
    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.all(),
        allow_null=True,
        help_text="The idea it grew from; null for everyone but its authors and organizers, so a "
        "juror cannot follow it to the idea's public author (blind review).",
    )
    budget_lines = ProposalBudgetLineSerializer(many=True, required=False, max_length=100)
    attachments = AttachmentSerializer(many=True, read_only=True)
    status_history = StatusChangeSerializer(many=True, read_only=True, source="status_changes")
    status = serializers.ChoiceField(choices=ProposalStatus.choices, read_only=True)
    final_cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    authors = serializers.SerializerMethodField(
        help_text="Only for the proposal's authors and organizers; null for everyone else."
    )
    title = serializers.CharField(max_length=200, required=False)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "cycle",
            "idea",
            "community",
            *AUTHOR_FIELDS,
            "budget_lines",
            "total_cost",
            "cost_estimate",
            "final_cost",
            "status",
            "valuation_reason",
            "submitted_at",
            "attachments",
            "status_history",
            "authors",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "cycle",
            "community",
            "total_cost",
            "cost_estimate",
            "valuation_reason",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "timeline_months": {"min_value": 1, "max_value": 120},
            "beneficiaries_count": {"min_value": 1},
        }

    def _may_know_authors(self, proposal) -> bool:
        user = self.context["request"].user
        return services.is_author(user, proposal) or (
            user.is_authenticated and user.is_organizer_of(proposal.cycle.municipality_id)
        )

    @extend_schema_field(AuthorSerializer(many=True, allow_null=True))
    def get_authors(self, proposal):
        if self._may_know_authors(proposal):
            return [{"id": u.pk, "name": u.name} for u in proposal.authors()]
        return None

    def to_representation(self, proposal):
        data = super().to_representation(proposal)
        if not self._may_know_authors(proposal):
            data["idea"] = None
        return data

    def validate_idea(self, idea):
        if idea is None:
            raise serializers.ValidationError(_("Choose the eligible idea this proposal is for."))
        if self.instance is not None and idea.pk != self.instance.idea_id:
            raise serializers.ValidationError(_("A proposal cannot move to another idea."))
        return idea

    def service_data(self) -> tuple[dict, list | None]:
        """The validated body as the services take it: (author fields, budget lines or None)."""
        data = dict(self.validated_data)
        lines = data.pop("budget_lines", None)
        data.pop("idea", None)
        return data, lines


class ProposalIdeaSerializer(serializers.Serializer):
    """The one field of a new proposal read before the permission check: which idea (and so
    which cycle and whose) it is for."""

    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.select_related("cycle__municipality"),
        allow_null=True,
    )

    def validate_idea(self, idea):
        if idea is None:
            raise serializers.ValidationError(_("Choose the eligible idea this proposal is for."))
        return idea


class ValuationSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    reason = serializers.CharField(max_length=5000)
    cost_estimate = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )
