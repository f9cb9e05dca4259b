from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cycles.models import Cycle

from . import services
from .models import Enrollment, EnrollmentStatus, TrainingSession


class TrainingSessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    waitlisted_count = serializers.IntegerField(read_only=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100000)
    trainer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all())

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "cycle",
            "title",
            "title_ka",
            "title_en",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "seats_left",
            "enrolled_count",
            "waitlisted_count",
            "trainer",
            "language",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "title_en": {"required": False},
            "description": {"required": False},
            "place": {"required": False},
            "online_url": {"required": False},
        }

    def validate_cycle(self, cycle):
        if self.instance is not None and cycle.pk != self.instance.cycle_id:
            raise serializers.ValidationError("A session cannot move to another cycle.")
        return cycle


class EnrollRequestSerializer(serializers.Serializer):
    person = serializers.CharField(
        required=False,
        max_length=254,
        help_text="Organizers only: the e-mail or phone of an existing account (someone who "
        "phoned in). Leave out to act for yourself.",
    )


class EnrollResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    position = serializers.IntegerField(
        allow_null=True, help_text="Place on the waitlist, when waitlisted."
    )


class AttendanceSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    attended = serializers.BooleanField()


class SessionBriefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    where = serializers.CharField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "cycle", "title", "starts_at", "ends_at", "where"]


class EnrollmentSerializer(serializers.ModelSerializer):
    session = SessionBriefSerializer(read_only=True)
    position = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = ["id", "session", "status", "position", "attended", "created_at"]

    def get_position(self, enrollment) -> int | None:
        return enrollment.position()


class SessionFilter(filters.FilterSet):
    class Meta:
        model = TrainingSession
        fields = ["cycle", "language"]


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
    serializer_class = TrainingSessionSerializer
    filterset_class = SessionFilter
    search_fields = ["title_ka", "title_en", "place"]
    ordering_fields = ["starts_at", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cycle = data.pop("cycle")
        serializer.instance = services.session_create(cycle=cycle, by=self.request.user, data=data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("cycle", None)
        services.session_update(session=serializer.instance, by=self.request.user, data=data)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        session = self.get_queryset().get(pk=response.data["id"])
        response.data = self.get_serializer(session).data
        return response

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return Response(self.get_serializer(self.get_queryset().get(pk=kwargs["pk"])).data)

    def _person(self, request):
        data = EnrollRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        login = data.validated_data.get("person")
        return services.find_person(login) if login else request.user

    @extend_schema(
        request=EnrollRequestSerializer,
        responses={201: EnrollResultSerializer},
        description="Enroll; a full session puts the person on its waitlist with a position.",
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def enroll(self, request, pk=None):
        session = self.get_object()
        enrollment = services.enroll(session=session, user=self._person(request), by=request.user)
        return Response(_result(enrollment), status=status.HTTP_201_CREATED)

    @extend_schema(request=EnrollRequestSerializer, responses=EnrollResultSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def cancel(self, request, pk=None):
        session = self.get_object()
        enrollment = services.cancel(session=session, user=self._person(request), by=request.user)
        return Response({"status": enrollment.status, "position": None})

    @extend_schema(request=AttendanceSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def attendance(self, request, pk=None):
        session = self.get_object()
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = get_object_or_404(get_user_model(), pk=data.validated_data["user"])
        enrollment = services.mark_attendance(
            session=session, user=person, attended=data.validated_data["attended"], by=request.user
        )
        enrollment.session = session
        return Response(EnrollmentSerializer(enrollment).data)


class EnrollmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own enrollments, with their waitlist positions."""

    serializer_class = EnrollmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    search_fields = []
    ordering_fields = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return Enrollment.objects.filter(user=self.request.user).select_related("session")
