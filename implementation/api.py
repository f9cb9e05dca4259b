"""The implementation API: funded projects of a cycle, one project, its updates and followers.

Who may act is decided before the body is read (cycles.permissions: 401, 403, 409, and only
then 400); the views call the same services the pages call, which check again."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.parsers import FormParser, JSONParser, MultiPartParser
from cycles.permissions import CycleAction, CycleScoped, may
from proposals.models import Proposal

from . import services
from .models import Follow, FundedProject, Photo, ProblemReport, Update
from .serializers import (
    FollowSerializer,
    FundCreateSerializer,
    FundedProjectDetailSerializer,
    FundedProjectSerializer,
    PlanChangeSerializer,
    ProblemReportAnswerSerializer,
    ProblemReportCreateSerializer,
    ProblemReportRejectSerializer,
    ProblemReportSerializer,
    UpdateCreateSerializer,
    UpdateSerializer,
)


def funded_queryset(user=None):
    projects = FundedProject.objects.select_related("proposal__community").annotate(
        n_followers=Count("follows", distinct=True)
    )
    if user is not None and user.is_authenticated:
        projects = projects.annotate(
            following=Exists(Follow.objects.filter(project=OuterRef("pk"), user=user))
        )
    return projects


class CycleFundedViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The funded projects of a cycle (anyone); organizers fund a won proposal."""

    serializer_class = FundedProjectSerializer
    permission_classes = [CycleAction]
    cycle_actions = {"create": "fund_project"}
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FundedProject.objects.none()
        return funded_queryset().filter(cycle=self.cycle).order_by("id")

    @extend_schema(summary="Funded projects of a cycle, with progress of time and money")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Fund a won proposal (organizers)",
        request=FundCreateSerializer,
        responses={201: FundedProjectSerializer},
    )
    def create(self, request, pk=None):
        data = FundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = dict(data.validated_data)
        proposal = Proposal.objects.filter(cycle=self.cycle, pk=plan.pop("proposal")).first()
        if proposal is None:
            raise serializers.ValidationError({"proposal": [_("No such proposal in this cycle.")]})
        project = services.funded_project_create(proposal=proposal, by=request.user, data=plan)
        project = funded_queryset().get(pk=project.pk)
        return Response(FundedProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class FundedProjectViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One funded project with its history (anyone); organizers change the plan and post
    updates, signed-in users follow it."""

    serializer_class = FundedProjectDetailSerializer
    permission_classes = [CycleAction]
    cycle_actions = {
        "partial_update": "fund_project",
        "updates": "post_update",
        "follow": "follow_project",
    }
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []

    def get_queryset(self):
        if self.action != "retrieve":  # a write: the project and its cycle, for the check
            return FundedProject.objects.select_related("cycle")
        return self.detailed()

    def detailed(self):
        photos = Prefetch("photos", queryset=Photo.objects.order_by("id"))
        updates = Prefetch("updates", queryset=Update.objects.prefetch_related(photos))
        return funded_queryset(self.request.user).prefetch_related(updates)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.shown(self.get_object()))

    def shown(self, project) -> dict:
        if not hasattr(project, "following"):
            project.following = False
        return self.get_serializer(project).data

    @extend_schema(
        summary="Change the plan of a funded project (organizers)",
        request=PlanChangeSerializer,
        responses=FundedProjectDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        project = self.get_object()  # checks the organizer and the phase first
        data = PlanChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.funded_project_edit(project=project, by=request.user, data=data.validated_data)
        return Response(self.shown(self.detailed().get(pk=project.pk)))

    @extend_schema(
        summary="Post a progress update (organizers of the municipality)",
        request={
            "multipart/form-data": UpdateCreateSerializer,
            "application/json": UpdateCreateSerializer,
        },
        responses={201: UpdateSerializer},
    )
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        project = self.get_object()  # checks the organizer and the phase first
        data = UpdateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        photos = values.pop("photos", [])
        update = services.progress_update_post(
            project=project, by=request.user, data=values, photos=photos
        )
        update = Update.objects.prefetch_related("photos").get(pk=update.pk)
        return Response(
            UpdateSerializer(update, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Follow a funded project", request=None, responses=FollowSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated, CycleAction],
    )
    def follow(self, request, pk=None):
        services.funded_project_follow(project=self.get_object(), user=request.user)
        return Response({"following": True})

    @extend_schema(
        summary="Stop following a funded project", request=None, responses=FollowSerializer
    )
    @follow.mapping.delete
    def unfollow(self, request, pk=None):
        services.funded_project_unfollow(project=self.get_object(), user=request.user)
        return Response({"following": False})


class ProblemReportViewSet(viewsets.GenericViewSet):
    """Residents' problem reports on a funded project (`funded/{id}/reports/`): anyone reads the
    published ones, a resident of the municipality reports, organizers moderate and answer."""

    serializer_class = ProblemReportSerializer
    permission_classes = [CycleAction]
    cycle_actions = {
        "create": "report_problem",
        "publish": "moderate_reports",
        "reject": "moderate_reports",
        "answer": "moderate_reports",
    }
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = None
    filter_backends = []

    @property
    def project(self) -> FundedProject:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                FundedProject.objects.select_related("cycle__municipality", "proposal"),
                pk=self.kwargs["pk"],
            )
        return self._project

    def get_permission_cycle(self):
        return self.project.cycle

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProblemReport.objects.none()
        moderator = may(self.request.user, self.project.cycle, "moderate_reports")
        return (
            self.project.reports.visible_to(self.request.user, moderator=moderator)
            .prefetch_related("photos")
            .order_by("-created_at", "-id")
        )

    def _report(self):
        return get_object_or_404(self.project.reports, pk=self.kwargs["report_pk"])

    def _shown(self, report, code=status.HTTP_200_OK):
        report = ProblemReport.objects.prefetch_related("photos").get(pk=report.pk)
        return Response(self.get_serializer(report).data, status=code)

    @extend_schema(summary="Problem reports on a funded project (published; all for organizers)")
    def list(self, request, pk=None):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    @extend_schema(
        summary="Report a problem with a funded project (residents of the municipality)",
        request={
            "multipart/form-data": ProblemReportCreateSerializer,
            "application/json": ProblemReportCreateSerializer,
        },
        responses={201: ProblemReportSerializer},
    )
    def create(self, request, pk=None):
        data = ProblemReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.problem_report_submit(
            project=self.project,
            by=request.user,
            text=data.validated_data["text"],
            photos=data.validated_data.get("photos", []),
        )
        return self._shown(report, status.HTTP_201_CREATED)

    @extend_schema(summary="Publish a problem report (organizers)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None, report_pk=None):
        report = services.problem_report_publish(report=self._report(), by=request.user)
        return self._shown(report)

    @extend_schema(
        summary="Do not publish a problem report, with a public reason (organizers)",
        request=ProblemReportRejectSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None, report_pk=None):
        report = self._report()
        data = ProblemReportRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.problem_report_reject(
            report=report, by=request.user, reason=data.validated_data["reason"]
        )
        return self._shown(report)

    @extend_schema(
        summary="Answer a problem report; the reporter is told (organizers)",
        request=ProblemReportAnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None, report_pk=None):
        report = self._report()
        data = ProblemReportAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.problem_report_answer(
            report=report, by=request.user, text=data.validated_data["text"]
        )
        return self._shown(report)
