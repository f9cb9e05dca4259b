"""The outreach API: an organizer's broadcasts to residents, counted before they are sent.

Who may act is decided before the body is read (cycles.permissions: 401, 403, 409, and only
then 400); the views call the same services the pages call, which check again."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import Invalid
from cycles.models import Community
from cycles.permissions import CycleAction, CycleScoped

from . import services
from .models import Broadcast
from .serializers import (
    BroadcastPreviewSerializer,
    BroadcastSentSerializer,
    BroadcastSerializer,
    BroadcastWriteSerializer,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any string up to 200 characters: a request repeating a key the same organizer sent "
        "answers the broadcast already sent (header Idempotent-Replayed: true) and sends "
        "nothing. Without it, the same message on the same day counts as a repeat."
    ),
)


class BroadcastViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A cycle's messages to residents (organizers of its municipality): past ones, a count of
    whom a new one would reach, and sending it."""

    serializer_class = BroadcastSerializer
    permission_classes = [CycleAction]
    cycle_actions = {
        "list": "view_broadcasts",
        "create": "send_broadcast",
        "preview": "send_broadcast",
    }
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Broadcast.objects.none()
        return Broadcast.objects.of_cycle(self.cycle)

    def _message(self, request) -> dict:
        body = BroadcastWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if data["community"] is not None:
            data["community"] = Community.objects.filter(pk=data["community"]).first()
            if data["community"] is None:
                raise Invalid(fields={"community": [_("No such community.")]})
        return data

    @extend_schema(
        summary="Send a message to the municipality's (or a village's) residents (organizers)",
        request=BroadcastWriteSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: BroadcastSentSerializer},
    )
    def create(self, request, pk=None):
        key = request.headers.get("Idempotency-Key", "")
        if len(key) > 200:
            raise Invalid(fields={"Idempotency-Key": [_("At most 200 characters.")]})
        broadcast, sent = services.broadcast_send(
            cycle=self.cycle, by=request.user, data=self._message(request), client_key=key
        )
        return Response(
            BroadcastSentSerializer(broadcast).data,
            status=status.HTTP_201_CREATED,
            headers={} if sent else {"Idempotent-Replayed": "true"},
        )

    @extend_schema(
        summary="Count whom a message would reach and its SMS segments, sending nothing",
        request=BroadcastWriteSerializer,
        responses={200: OpenApiResponse(BroadcastPreviewSerializer)},
    )
    @action(detail=False, methods=["post"])
    def preview(self, request, pk=None):
        counted = services.broadcast_preview(
            cycle=self.cycle, by=request.user, data=self._message(request)
        )
        return Response(BroadcastPreviewSerializer(counted).data)
