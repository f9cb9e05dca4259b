"""The trainings API: sessions (organizers schedule, eligible people enroll) and the caller's
own enrollments. Who may act is decided before a body is read."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import Forbidden
from cycles.permissions import REFUSALS, CycleAction, check

from . import serializers as s
from . import services
from .filters import SessionFilter
from .models import Enrollment, TrainingSession


class MayActOnSession(permissions.BasePermission):
    """Enroll, cancel and attendance: the session's own rules (`TrainingSession.check_*`),
    asked on the object in `get_object()`, before the body is read."""

    CHECKS = {"enroll": "check_enroll", "cancel": "check_cancel", "attendance": "check_attendance"}

    def has_object_permission(self, request, view, session):
        if view.action in self.CHECKS:
            getattr(session, self.CHECKS[view.action])(request.user)
        return True


def _result(enrollment):
    return {"status": enrollment.status, "position": enrollment.position()}


class TrainingSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Proposal-writing sessions; anyone reads, organizers schedule, eligible people enroll."""

    queryset = (
        TrainingSession.objects.select_related("cycle").with_seats().order_by("starts_at", "id")
    )
    serializer_class = s.TrainingSessionSerializer
    filterset_class = SessionFilter
    search_fields = ["title_ka", "title_en", "place"]
    ordering_fields = ["starts_at", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CycleAction, MayActOnSession]
    cycle_actions = {"partial_update": "manage_trainings"}  # the session's cycle

    def create(self, request, *args, **kwargs):
        # the cycle is in the body: someone who organizes nowhere is refused before it is read
        if not request.user.is_organizer:
            raise Forbidden(REFUSALS["organizer"])
        ref = s.CycleRefSerializer(data=request.data)
        ref.is_valid(raise_exception=True)
        check(request.user, ref.validated_data["cycle"], "manage_trainings")
        response = super().create(request, *args, **kwargs)
        return self._read(response.data["id"], status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return self._read(kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cycle = data.pop("cycle")
        serializer.instance = services.session_create(cycle=cycle, by=self.request.user, data=data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("cycle", None)
        services.session_update(session=serializer.instance, by=self.request.user, data=data)

    def _read(self, pk, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=code)

    def _person(self, request):
        data = s.EnrollRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        login = data.validated_data.get("person")
        return services.find_person(login) if login else request.user

    @extend_schema(
        request=s.EnrollRequestSerializer,
        responses={201: s.EnrollResultSerializer},
        description="Enroll; a full session puts the person on its waitlist with a position.",
    )
    @action(detail=True, methods=["post"])
    def enroll(self, request, pk=None):
        session = self.get_object()
        enrollment = services.session_enroll(
            session=session, user=self._person(request), by=request.user
        )
        return Response(_result(enrollment), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EnrollRequestSerializer, responses=s.EnrollResultSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self.get_object()
        enrollment = services.enrollment_cancel(
            session=session, user=self._person(request), by=request.user
        )
        return Response({"status": enrollment.status, "position": None})

    @extend_schema(request=s.AttendanceSerializer, responses=s.EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        session = self.get_object()
        data = s.AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = get_object_or_404(get_user_model(), pk=data.validated_data["user"])
        enrollment = services.attendance_mark(
            session=session, user=person, attended=data.validated_data["attended"], by=request.user
        )
        enrollment.session = session
        return Response(s.EnrollmentSerializer(enrollment).data)


class EnrollmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own enrollments, with their waitlist positions."""

    serializer_class = s.EnrollmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    search_fields = []
    ordering_fields = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return Enrollment.objects.filter(user=self.request.user).select_related("session")
