from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import Notification
from .serializers import (
    DeviceAnswerSerializer,
    DeviceSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    ReadSerializer,
    UnreadSerializer,
)


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
        return services.inbox(self.request.user)

    @extend_schema(request=None, responses=ReadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        return Response({"read": services.mark_read(user=request.user, note_id=note.pk)})

    @extend_schema(request=None, responses=ReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        return Response({"read": services.mark_all_read(user=request.user)})

    @extend_schema(responses=UnreadSerializer, filters=False)
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[])
    def unread_count(self, request):
        """The badge number: in-app messages not read yet."""
        return Response({"unread": services.unread_count(request.user)})

    @extend_schema(methods=["get"], responses=PreferencesSerializer, filters=False)
    @extend_schema(methods=["put"], request=PreferencesSerializer, responses=PreferencesSerializer)
    @action(
        detail=False,
        methods=["get", "put"],
        filter_backends=[],
        pagination_class=None,
        serializer_class=PreferencesSerializer,
    )
    def preferences(self, request):
        """Which kinds reach you on which channel. PUT the pairs you change (others stay)."""
        if request.method == "PUT":
            data = PreferencesSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            prefs = services.notification_preferences_set(
                user=request.user, changes=data.validated_data["preferences"]
            )
        else:
            prefs = services.notification_preferences(request.user)
        return Response({"preferences": prefs})


class DeviceViewSet(viewsets.GenericViewSet):
    """Register this phone's push token (again after each login). 201 when new, 200 when it
    was known. The answer's `secret` proves the device later: send it when another account
    logs in on this phone, or the token stays with its account (409)."""

    serializer_class = DeviceSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=DeviceSerializer,
        responses={200: DeviceAnswerSerializer, 201: DeviceAnswerSerializer},
    )
    def create(self, request):
        data = DeviceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            device, created, secret = services.device_register(
                user=request.user, **data.validated_data
            )
        return Response(
            {**DeviceSerializer(device).data, "secret": secret},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
