"""Proposals API: thin views over proposals.services (the pages call the same functions).

Who may act is decided before the body is read: the authors' actions ask
`services.author_check()` on the proposal, staff valuation asks the cycle's phase table
(`CycleAction`), and a new proposal reads only its `idea` first to know whose and which cycle's
it is.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core import media
from core.errors import NotAuthenticated
from core.parsers import FormParser, MultiPartParser
from core.schema import ErrorSerializer
from cycles.permissions import CycleAction

from . import services
from .filters import ProposalFilter
from .models import Attachment, Proposal
from .serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ProposalIdeaSerializer,
    ProposalSerializer,
    ValuationSerializer,
)


class AuthorAction(BasePermission):
    """The authors' actions (`view.author_actions`, DRF action -> phase-table action): checked on
    the proposal in `get_object()`, which each of them calls before it reads the body."""

    def has_permission(self, request, view):
        if view.action in view.author_actions and not request.user.is_authenticated:
            raise NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj):
        action = view.author_actions.get(view.action)
        if action is not None:
            services.author_check(request.user, obj, action)
        return True


class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Full proposals of eligible ideas. Drafts are private to their authors and organizers."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    permission_classes = [IsAuthenticatedOrReadOnly, CycleAction, AuthorAction]
    cycle_actions = {"valuation": "value_proposal"}
    author_actions = {
        "partial_update": "write_proposal",
        "submit": "submit_proposal",
        "attachments": "write_proposal",
        "remove_attachment": "write_proposal",
    }
    search_fields = ["title", "summary"]
    normalized_search = True  # Latin finds Georgian, a word form finds the word (core.search)
    ordering_fields = ["created_at", "total_cost", "id"]

    def get_queryset(self):
        qs = Proposal.objects.select_related(
            "cycle__municipality", "idea__author"
        ).prefetch_related("budget_lines", "attachments", "status_changes", "idea__co_authors")
        if getattr(self, "swagger_fake_view", False):
            return qs
        return qs.visible_to(self.request.user)

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def create(self, request, *args, **kwargs):
        chosen = ProposalIdeaSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        idea = chosen.validated_data["idea"]
        services.author_check(request.user, idea, "write_proposal")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, lines = serializer.service_data()
        proposal = services.proposal_create(
            idea=idea, by=request.user, data=data, budget_lines=lines
        )
        return Response(self._fresh(proposal.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        serializer = self.get_serializer(proposal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, lines = serializer.service_data()
        services.proposal_update(proposal=proposal, by=request.user, data=data, budget_lines=lines)
        return Response(self._fresh(proposal.pk))

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        proposal = self.get_object()
        services.proposal_submit(proposal=proposal, by=request.user)
        return Response(self._fresh(proposal.pk))

    @extend_schema(request=ValuationSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
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
        parser_classes=[MultiPartParser, FormParser],
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
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def remove_attachment(self, request, pk=None, attachment_id=None):
        proposal = self.get_object()
        attachment = get_object_or_404(Attachment, pk=attachment_id, proposal=proposal)
        services.attachment_remove(attachment=attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            302: OpenApiResponse(description="S3 storage: a short-lived signed URL"),
            404: ErrorSerializer,
        },
        description="The attachment's file, to its proposal's authors, the municipality's "
        "organizers and the proposal's jurors; 404 to everyone else (anonymous too).",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d{1,12})/file",
        url_name="attachment-file",
        permission_classes=[AllowAny],
    )
    def attachment_file(self, request, pk=None, attachment_id=None):
        attachment = get_object_or_404(
            Attachment.objects.readable_by(request.user), pk=attachment_id, proposal_id=pk
        )
        return media.file_response(
            request,
            attachment.file.storage,
            attachment.file.name,
            cache_control=media.PRIVATE_CACHE,
            filename=attachment.name,
        )
