from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import Channel, Notification


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "text", "created_at", "read", "read_at"]

    def get_text(self, note) -> str:
        return services.render(note, "inapp")

    def get_read(self, note) -> bool:
        return note.read_at is not None


class ReadSerializer(serializers.Serializer):
    read = serializers.IntegerField(help_text="rows marked read now (0 if already read)")


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The in-app inbox of the signed-in user, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["kind"]
    search_fields = []
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(
            recipient=self.request.user, channel=Channel.INAPP
        ).select_related("recipient")

    @extend_schema(request=None, responses=ReadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        return Response({"read": services.mark_read(user=request.user, note_id=note.pk)})
