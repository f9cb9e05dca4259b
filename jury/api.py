"""Jury endpoints: thin views over jury.services and jury.ranking (the pages call the same).

Who may act is decided before the body is read: under `cycles/{id}/` the cycle is loaded first
(`CycleScoped`) and the phase table asked (`CycleAction`) or the role (`CycleRole`); on an
assignment, `get_object()` asks `roles.assignment_check` or `roles.reopen_check`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import (
    BasePermission,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
)
from rest_framework.response import Response

from core.errors import Forbidden, NotAuthenticated
from cycles.permissions import REFUSALS, CycleAction, CycleScoped
from cycles.services import has_role

from . import ranking, roles, services
from .filters import AssignmentFilter
from .models import Assignment, Criterion, Juror
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

CRITERIA_HIDDEN = _("Only organizers and jurors see the criteria during review.")
RANKING_HIDDEN = _("The ranking is public once the shortlist is published.")


def role_check(user, cycle, role) -> None:
    """401 unless signed in, 403 unless `user` has `role` in `cycle` (in any phase)."""
    if not (user and user.is_authenticated):
        raise NotAuthenticated()
    if not has_role(user, cycle, role):
        raise Forbidden(REFUSALS.get(role))


class CycleRole(BasePermission):
    """Reads a view keeps to a role of the cycle, whatever the phase (`view.cycle_roles`:
    DRF action -> role), checked before anything is loaded."""

    def has_permission(self, request, view):
        role = getattr(view, "cycle_roles", {}).get(view.action)
        if role is not None:
            role_check(request.user, view.cycle, role)
        return True


class JurorViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The jury of a cycle: organizers of its municipality read it, and seat jurors while the
    phase table allows `manage_jury`."""

    serializer_class = JurorSerializer
    permission_classes = [CycleAction, CycleRole]
    cycle_actions = {"create": "manage_jury"}
    cycle_roles = {"list": "organizer"}
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Juror.objects.none()
        return Juror.objects.filter(cycle=self.cycle).select_related("user")

    @extend_schema(
        request=JurorCreateSerializer,
        responses={201: JurorSerializer},
        operation_id="cycles_jurors_create",
    )
    def create(self, request, *args, **kwargs):
        data = JurorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        juror = services.juror_add(cycle=self.cycle, by=request.user, **data.validated_data)
        return Response(JurorSerializer(juror).data, status=status.HTTP_201_CREATED)


class CriteriaReader(BasePermission):
    """Criteria are read by organizers and jurors, and by everyone once the shortlist is out."""

    def has_permission(self, request, view):
        if view.action != "list":
            return True
        cycle, user = view.cycle, request.user
        if ranking.is_published(cycle) or any(
            has_role(user, cycle, role) for role in ("organizer", "juror")
        ):
            return True
        if not user.is_authenticated:
            raise NotAuthenticated()
        raise Forbidden(CRITERIA_HIDDEN)


class CriterionViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Scoring criteria of a cycle, set by organizers until scoring starts."""

    serializer_class = CriterionSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, CycleAction, CriteriaReader]
    cycle_actions = {"create": "manage_jury"}
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Criterion.objects.none()
        return Criterion.objects.filter(cycle=self.cycle)

    @extend_schema(
        request=CriterionCreateSerializer,
        responses={201: CriterionSerializer},
        operation_id="cycles_criteria_create",
    )
    def create(self, request, *args, **kwargs):
        data = CriterionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = services.criterion_add(
            cycle=self.cycle, by=request.user, data=dict(data.validated_data)
        )
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


class CycleJuryViewSet(CycleScoped, viewsets.GenericViewSet):
    """The jury's results for a cycle: the ranking, the shortlist publication and the progress
    of each juror."""

    cycle_actions = {"shortlist": "shortlist"}
    cycle_roles = {"progress": "organizer"}
    filter_backends = []
    pagination_class = None

    def get_permissions(self):
        # the ranking is public once published; the progress never is
        signed_in = IsAuthenticated if self.action == "progress" else IsAuthenticatedOrReadOnly
        return [signed_in(), CycleAction(), CycleRole()]

    def get_serializer_class(self):
        return {"shortlist": ShortlistInSerializer, "progress": ProgressSerializer}.get(
            self.action, RankingSerializer
        )

    @extend_schema(responses=RankingSerializer, operation_id="cycles_ranking_retrieve")
    def ranking(self, request, pk=None):
        """Aggregated scores: organizers during review, jurors after it, everyone once
        published."""
        seen = ranking.ranking_for(self.cycle, request.user)
        if seen is None:
            if not request.user.is_authenticated:
                raise NotAuthenticated()
            raise Forbidden(RANKING_HIDDEN)
        return Response(RankingSerializer(ranking.present(seen)).data)

    @extend_schema(
        request=ShortlistInSerializer,
        responses={201: RankingSerializer},
        operation_id="cycles_shortlist_create",
    )
    def shortlist(self, request, pk=None):
        """Publish the shortlist (organizers, during jury review, once)."""
        data = ShortlistInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.shortlist_publish(
            cycle=self.cycle,
            by=request.user,
            proposal_ids=data.validated_data["proposals"],
            justification=data.validated_data.get("justification", ""),
            min_score=data.validated_data.get("min_score"),
        )
        seen = ranking.ranking_for(self.cycle, request.user)
        return Response(
            RankingSerializer(ranking.present(seen)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        responses=ProgressSerializer(many=True), operation_id="cycles_jury_progress_list"
    )
    def progress(self, request, pk=None):
        """Per juror: assigned, done, pending and recused assignments (organizers)."""
        jurors = Juror.objects.filter(cycle=self.cycle).with_progress()
        return Response(ProgressSerializer(jurors, many=True).data)


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in juror's own assignments, blind: no author name, contact or account id.

    The verbs find any assignment and then ask whose it is, so that someone else gets 403
    (not yours) before anything about the body; reading stays to one's own (404)."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = AssignmentFilter
    search_fields = []
    ordering_fields = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        qs = Assignment.objects.select_related(
            "juror__cycle__municipality", "proposal", "proposal__community"
        )
        if self.action in ("scores", "conflict", "reopen"):
            return qs
        return (
            qs.filter(juror__user=self.request.user)
            .prefetch_related("scores", "proposal__budget_lines")
            .order_by("id")
        )

    def check_object_permissions(self, request, assignment):
        super().check_object_permissions(request, assignment)
        if self.action == "scores":
            roles.assignment_check(request.user, assignment, "score")
        elif self.action == "conflict":
            roles.assignment_check(request.user, assignment, "declare_conflict")
        elif self.action == "reopen":
            roles.reopen_check(request.user, assignment.juror.cycle)

    def _mine(self, assignment):
        return (
            Assignment.objects.select_related("juror", "proposal", "proposal__community")
            .prefetch_related("scores", "proposal__budget_lines")
            .get(pk=assignment.pk)
        )

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
        return Response(AssignmentSerializer(self._mine(assignment)).data)

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        assignment = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.conflict_declare(
            assignment=assignment, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(AssignmentSerializer(self._mine(assignment)).data)

    @extend_schema(request=ReopenSerializer, responses=AssignmentStateSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The chair or an organizer reopens one submitted sheet for its juror."""
        assignment = self.get_object()
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.scores_reopen(
            assignment=assignment, by=request.user, reason=data.validated_data.get("reason", "")
        )
        return Response(AssignmentStateSerializer(assignment).data)
