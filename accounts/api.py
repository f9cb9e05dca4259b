from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from core.throttling import ScopedRateThrottle

from . import services
from .serializers import (
    CodeSerializer,
    DetailSerializer,
    LoginTokenSerializer,
    MeSerializer,
    PhoneSerializer,
    RegisterSerializer,
)


class AuthViewSet(viewsets.GenericViewSet):
    """Creating an account. Tokens come from `auth/token/` and `auth/token/refresh/`."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    serializer_class = RegisterSerializer

    @extend_schema(request=RegisterSerializer, responses={201: MeSerializer})
    @action(detail=False, methods=["post"])
    def register(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(data=data.validated_data)
        return Response(MeSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(TokenObtainPairView):
    serializer_class = LoginTokenSerializer
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RefreshView(TokenRefreshView):
    pass


class MeViewSet(viewsets.GenericViewSet):
    """The signed-in user's own account."""

    # one resource per user, without an id: routed by api_urls.MeRouter

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer
    throttle_scope = None  # the phone actions set theirs

    def get_object(self):
        return self.request.user

    def retrieve(self, request):
        return Response(MeSerializer(request.user).data)

    def partial_update(self, request):
        data = MeSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.profile_update(user=request.user, data=data.validated_data)
        return Response(MeSerializer(user).data)

    @extend_schema(request=PhoneSerializer, responses={202: DetailSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="verify-phone",
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="otp",
    )
    def verify_phone(self, request):
        """Send a one-time code by SMS to the phone to verify."""
        data = PhoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.phone_code_send(user=request.user, phone=data.validated_data["phone"])
        return Response(
            {"detail": str(_("We sent a code by SMS."))}, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(request=CodeSerializer, responses=MeSerializer)
    @action(
        detail=False,
        methods=["post"],
        url_path="verify-phone/confirm",
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="auth",
    )
    def confirm_phone(self, request):
        """Confirm the code: the phone is then verified."""
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.phone_code_confirm(user=request.user, code=data.validated_data["code"])
        return Response(MeSerializer(user).data)
