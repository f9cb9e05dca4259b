from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets

from cycles.permissions import CycleScoped

from .models import Entry
from .serializers import RecordEntrySerializer


@extend_schema(
    parameters=[
        OpenApiParameter("action", OpenApiTypes.STR, description="Only entries of this action.")
    ]
)
class CycleRecordViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The public record of a cycle's decisions, oldest first."""

    serializer_class = RecordEntrySerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    queryset = Entry.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        entries = Entry.objects.of_cycle(self.cycle)
        action = self.request.query_params.get("action", "")[:60]
        return entries.filter(action=action) if action else entries

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["cycle"] = self.cycle
        return context
