"""Jury endpoints: thin views over jury.services and jury.shortlist (the pages call the same)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import Forbidden
from cycles.models import Cycle
from cycles.services import has_role, require_organizer

from . import progress, services, shortlist
from .models import Assignment, AssignmentStatus, Criterion, Juror, Shortlist
from .serializers import (
    AssignmentSerializer,
    AssignmentStateSerializer,
    CriterionCreateSerializer,
    CriterionSerializer,
    JurorCreateSerializer,
    JurorSerializer,
    ProgressSerializer,
    RankingSerializer,
    ReasonSerializer,
    ReopenSerializer,
    ScoresInSerializer,
    ShortlistInSerializer,
)


def _cycle(view) -> Cycle:
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=view.kwargs["pk"])


class JurorListView(generics.ListCreateAPIView):
    """The jury of a cycle (organizers of its municipality)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = JurorSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Juror.objects.none()
        cycle = _cycle(self)
        require_organizer(self.request.user, cycle.municipality_id)
        return Juror.objects.filter(cycle=cycle).select_related("user")

    @extend_schema(request=JurorCreateSerializer, responses={201: JurorSerializer})
    def post(self, request, *args, **kwargs):
        cycle = _cycle(self)
        require_organizer(request.user, cycle.municipality_id)
        data = JurorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        juror = services.juror_add(cycle=cycle, by=request.user, **data.validated_data)
        return Response(JurorSerializer(juror).data, status=status.HTTP_201_CREATED)


class CriterionListView(generics.ListCreateAPIView):
    """Scoring criteria: organizers and jurors read them (everyone once the shortlist is out)."""

    serializer_class = CriterionSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Criterion.objects.none()
        cycle = _cycle(self)
        user = self.request.user
        if not (
            has_role(user, cycle, "organizer")
            or has_role(user, cycle, "juror")
            or Shortlist.objects.filter(cycle=cycle).exists()
        ):
            raise Forbidden(_("Only organizers and jurors see the criteria during review."))
        return Criterion.objects.filter(cycle=cycle)

    @extend_schema(request=CriterionCreateSerializer, responses={201: CriterionSerializer})
    def post(self, request, *args, **kwargs):
        cycle = _cycle(self)
        require_organizer(request.user, cycle.municipality_id)
        data = CriterionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = services.criterion_add(
            cycle=cycle, by=request.user, data=dict(data.validated_data)
        )
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


class RankingView(generics.GenericAPIView):
    """Aggregated scores: organizers during review, jurors after it, everyone once published."""

    serializer_class = RankingSerializer
    filter_backends = []
    pagination_class = None

    def get(self, request, pk):
        cycle = _cycle(self)
        ranking = shortlist.ranking_for(cycle, request.user)
        if ranking is None:
            raise Forbidden(_("The ranking is public once the shortlist is published."))
        return Response(RankingSerializer(shortlist.present(ranking)).data)


class ShortlistView(generics.GenericAPIView):
    """Publish the shortlist (organizers, during jury review, once)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ShortlistInSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(request=ShortlistInSerializer, responses={201: RankingSerializer})
    def post(self, request, pk):
        cycle = _cycle(self)
        require_organizer(request.user, cycle.municipality_id)
        data = ShortlistInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shortlist.shortlist_publish(
            cycle=cycle,
            by=request.user,
            proposal_ids=data.validated_data["proposals"],
            justification=data.validated_data.get("justification", ""),
            min_score=data.validated_data.get("min_score"),
        )
        ranking = shortlist.ranking_for(cycle, request.user)
        return Response(
            RankingSerializer(shortlist.present(ranking)).data, status=status.HTTP_201_CREATED
        )


class ProgressView(generics.GenericAPIView):
    """Per juror: done, pending and recused assignments (organizers)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ProgressSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(responses=ProgressSerializer(many=True))
    def get(self, request, pk):
        cycle = _cycle(self)
        require_organizer(request.user, cycle.municipality_id)
        return Response(ProgressSerializer(progress.progress(cycle), many=True).data)


class AssignmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=AssignmentStatus.choices)
    cycle = filters.NumberFilter(field_name="juror__cycle_id")

    class Meta:
        model = Assignment
        fields = ["cycle", "status"]


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in juror's own assignments, blind: no author name, contact or account id."""

    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = AssignmentFilter
    search_fields = []
    ordering_fields = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        return (
            Assignment.objects.filter(juror__user=self.request.user)
            .select_related("juror", "proposal", "proposal__community")
            .prefetch_related("scores", "proposal__budget_lines")
            .order_by("id")
        )

    def _reload(self, assignment):
        return self.get_queryset().get(pk=assignment.pk)

    @extend_schema(request=ScoresInSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["put"])
    def scores(self, request, pk=None):
        assignment = self.get_object()
        data = ScoresInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.scores_save(
            assignment=assignment,
            by=request.user,
            scores=data.validated_data["scores"],
            submit=data.validated_data["submit"],
        )
        return Response(AssignmentSerializer(self._reload(assignment)).data)

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        assignment = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.conflict_declare(
            assignment=assignment, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(AssignmentSerializer(self._reload(assignment)).data)


class ReopenView(generics.GenericAPIView):
    """The chair or an organizer reopens one submitted sheet for its juror."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReopenSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(request=ReopenSerializer, responses=AssignmentStateSerializer)
    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.select_related("juror__cycle", "proposal"), pk=pk
        )
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.scores_reopen(
            assignment=assignment, by=request.user, reason=data.validated_data.get("reason", "")
        )
        return Response(AssignmentStateSerializer(assignment).data)
