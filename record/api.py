from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers

from cycles.models import Cycle

from .labels import action_label, actor_label
from .models import Entry
from .queries import public_entries


class RecordEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(
        help_text="Role and office of who decided, never a private name."
    )
    action_label = serializers.SerializerMethodField()
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "at",
            "actor",
            "role",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_label",
            "reason",
            "data",
        ]
        read_only_fields = fields

    def get_actor(self, entry) -> str:
        return actor_label(entry.role, self.context["cycle"].municipality)

    def get_action_label(self, entry) -> str:
        return action_label(entry.action)


@extend_schema(
    parameters=[
        OpenApiParameter("action", OpenApiTypes.STR, description="Only entries of this action.")
    ]
)
class CycleRecordView(generics.ListAPIView):
    """The public record of a cycle's decisions, oldest first."""

    serializer_class = RecordEntrySerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    queryset = Entry.objects.none()

    def cycle(self):
        if not hasattr(self, "_cycle"):
            self._cycle = get_object_or_404(
                Cycle.objects.select_related("municipality"), pk=self.kwargs["cycle_id"]
            )
        return self._cycle

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        return public_entries(self.cycle(), self.request.query_params.get("action", "")[:60])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["cycle"] = self.cycle()
        return context
