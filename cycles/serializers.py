from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import services
from .models import Community, Cycle, Municipality
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
    starts = serializers.DateTimeField(
        allow_null=True, help_text="when it began (begun phases) or is scheduled to begin"
    )
    ends = serializers.DateTimeField(allow_null=True, help_text="when the next phase begins")
    state = serializers.ChoiceField(choices=["past", "current", "future"])


class CycleSerializer(serializers.ModelSerializer):
    # the cycle's rules (minimum cost not above the maximum, phases in order) are checked by
    # the services, so the API and the admin answer the same
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    phase_label = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    phase_ends_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="the next phase's start, or null"
    )
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id",
            "municipality",
            "title",
            "description",
            "phase",
            "phase_label",
            "phase_ends_at",
            *Cycle.EDITABLE_FIELDS,
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
            {
                **row,
                "label": str(row["label"]),
                "starts": row["starts"] and row["starts"].isoformat(),
                "ends": row["ends"] and row["ends"].isoformat(),
            }
            for row in cycle.timeline()
        ]

    def get_allowed_actions(self, cycle) -> list[str]:
        return services.allowed_actions(cycle, self.context["request"].user)


class AdvanceSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ORDER)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why the cycle moves on; public. Required (409 `reason_required`) while "
        "work listed with `needs_reason` is unfinished.",
    )


class UnfinishedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. `ideas_not_screened`")
    count = serializers.IntegerField()
    message = serializers.CharField(help_text="In the reader's language.")
    needs_reason = serializers.BooleanField()


class AdvancePreviewSerializer(serializers.Serializer):
    """What `POST advance/` would do now: the next phase, what entering it does, what is left."""

    to = serializers.CharField(allow_null=True)
    to_label = serializers.CharField(allow_null=True)
    what_happens = serializers.CharField()
    unfinished = UnfinishedSerializer(many=True)
    reason_required = serializers.BooleanField()
