from django.contrib.auth import get_user_model
from rest_framework import serializers

from cycles.models import Cycle

from .models import SESSION_FIELDS, Enrollment, EnrollmentStatus, TrainingSession


class CycleRefSerializer(serializers.Serializer):
    """The one field of a create's body read before the permission check: which cycle."""

    cycle = serializers.PrimaryKeyRelatedField(
        queryset=Cycle.objects.select_related("municipality")
    )


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
            *SESSION_FIELDS,
            "seats_left",
            "enrolled_count",
            "waitlisted_count",
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
