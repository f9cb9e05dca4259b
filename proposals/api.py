from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ideas.models import Idea

from . import services
from .models import Attachment, BudgetLine, Proposal, ProposalStatus, StatusChange


class ProposalBudgetLineSerializer(serializers.ModelSerializer):
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["item", "quantity", "unit", "unit_cost", "amount"]
        extra_kwargs = {"unit": {"required": False}}


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "kind", "size", "url", "created_at"]

    def get_url(self, attachment) -> str:
        request = self.context.get("request")
        url = attachment.file.url
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
            "title",
            "summary",
            "problem",
            "objectives",
            "beneficiaries",
            "beneficiaries_count",
            "location",
            "timeline_months",
            "maintenance",
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
            raise serializers.ValidationError("A proposal cannot move to another idea.")
        return idea


class ValuationSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    reason = serializers.CharField(max_length=5000)
    cost_estimate = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )


class ProposalFilter(filters.FilterSet):
    mine = filters.BooleanFilter(method="filter_mine", label="Only the caller's own proposals")

    class Meta:
        model = Proposal
        fields = ["cycle", "status", "idea", "community"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        if not value:
            return queryset
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(
            Q(idea__author=user) | Q(idea__in=Idea.objects.filter(co_authors=user).values("pk"))
        )


def _data(validated):
    data = dict(validated)
    lines = data.pop("budget_lines", None)
    data.pop("idea", None)
    return data, lines


class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Full proposals of eligible ideas. Drafts are private to their authors and organizers."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["created_at", "total_cost", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = Proposal.objects.select_related("cycle", "idea__author").prefetch_related(
            "budget_lines", "attachments", "status_changes", "idea__co_authors"
        )
        if getattr(self, "swagger_fake_view", False):
            return qs
        return services.visible_to(self.request.user, qs)

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, lines = _data(serializer.validated_data)
        proposal = services.proposal_create(
            idea=serializer.validated_data["idea"], by=request.user, data=data, budget_lines=lines
        )
        return Response(self._fresh(proposal.pk), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        proposal = self.get_object()
        serializer = self.get_serializer(proposal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, lines = _data(serializer.validated_data)
        services.proposal_update(proposal=proposal, by=request.user, data=data, budget_lines=lines)
        return Response(self._fresh(proposal.pk))

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def submit(self, request, pk=None):
        proposal = self.get_object()
        services.proposal_submit(proposal=proposal, by=request.user)
        return Response(self._fresh(proposal.pk))

    @extend_schema(request=ValuationSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def valuation(self, request, pk=None):
        proposal = self.get_object()
        data = ValuationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.proposal_value(
            proposal=proposal,
            by=request.user,
            feasible=data.validated_data["feasible"],
            reason=data.validated_data["reason"],
            cost_estimate=data.validated_data.get("cost_estimate"),
        )
        return Response(self._fresh(proposal.pk))

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def attachments(self, request, pk=None):
        proposal = self.get_object()
        data = AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            proposal=proposal, by=request.user, upload=data.validated_data["file"]
        )
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment_id>\d+)",
        permission_classes=[permissions.IsAuthenticated],
    )
    def remove_attachment(self, request, pk=None, attachment_id=None):
        proposal = self.get_object()
        attachment = get_object_or_404(Attachment, pk=attachment_id, proposal=proposal)
        services.attachment_remove(attachment=attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
