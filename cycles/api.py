from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import SCHEDULE_FIELDS, Community, Cycle, Municipality
from .phases import ORDER, Phase


class CommunitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Community
        fields = ["id", "slug", "name", "name_ka", "name_en", "population"]


class MunicipalitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    communities = CommunitySerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["slug", "name", "name_ka", "name_en", "region", "communities"]


class ScheduleEntrySerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    label = serializers.CharField()
    starts = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["past", "current", "future"])


class CycleSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    phase_label = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id",
            "municipality",
            "year",
            "title",
            "title_ka",
            "title_en",
            "description",
            "description_ka",
            "description_en",
            "phase",
            "phase_label",
            "total_budget",
            "min_project_cost",
            "max_project_cost",
            "ideas_per_author",
            "trainings_open_to_all",
            "training_required",
            "jurors_per_proposal",
            "normalize_scores",
            "shortlist_size",
            "min_voter_age",
            "ballot_kind",
            "ballot_changes_allowed",
            "tally_rule",
            *SCHEDULE_FIELDS.values(),
            "schedule",
            "allowed_actions",
        ]
        read_only_fields = ["id"]
        validators = []  # one cycle per municipality and year: the service answers 409
        extra_kwargs = {
            "description_ka": {"required": False},
            "description_en": {"required": False},
        }

    def get_phase_label(self, cycle) -> str:
        return str(Phase(cycle.phase).label)

    @extend_schema_field(ScheduleEntrySerializer(many=True))
    def get_schedule(self, cycle):
        return [
            {"phase": p, "label": str(label), "starts": s and s.isoformat(), "state": state}
            for p, label, s, state in cycle.schedule()
        ]

    def get_allowed_actions(self, cycle) -> list[str]:
        return services.allowed_actions(cycle, self.context["request"].user)

    def validate(self, attrs):
        lo = attrs.get("min_project_cost", getattr(self.instance, "min_project_cost", None))
        hi = attrs.get("max_project_cost", getattr(self.instance, "max_project_cost", None))
        if lo is not None and hi is not None and lo > hi:
            raise serializers.ValidationError(
                {"min_project_cost": [_("The minimum cost cannot be above the maximum.")]}
            )
        starts = [attrs.get(f, getattr(self.instance, f, None)) for f in SCHEDULE_FIELDS.values()]
        known = [s for s in starts if s]
        if known != sorted(known):
            raise serializers.ValidationError(
                {"schedule": [_("Each phase must start after the one before it.")]}
            )
        return attrs


class AdvanceSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ORDER)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TransitionSerializer(serializers.Serializer):
    from_phase = serializers.CharField()
    to_phase = serializers.CharField()
    at = serializers.DateTimeField()


class CycleFilter(filters.FilterSet):
    municipality = filters.CharFilter(field_name="municipality__slug")

    class Meta:
        model = Cycle
        fields = ["municipality", "year", "phase"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.prefetch_related("communities")
    serializer_class = MunicipalitySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    search_fields = ["name_ka", "name_en", "slug"]
    filterset_fields = []


class CycleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Cycle.objects.select_related("municipality")
    serializer_class = CycleSerializer
    filterset_class = CycleFilter
    search_fields = ["title_ka", "title_en"]
    ordering_fields = ["year", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.cycle_create(
            by=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        services.cycle_update(
            cycle=serializer.instance, by=self.request.user, data=dict(serializer.validated_data)
        )

    @extend_schema(request=AdvanceSerializer, responses=CycleSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def advance(self, request, pk=None):
        cycle = self.get_object()
        data = AdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.advance(
            cycle=cycle,
            to=data.validated_data["to"],
            by=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        cycle.refresh_from_db()
        return Response(self.get_serializer(cycle).data)
