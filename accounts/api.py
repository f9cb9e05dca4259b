from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from core.throttling import ScopedRateThrottle

from . import services, tasks
from .serializers import (
    CodeSerializer,
    DetailSerializer,
    FreshTokensSerializer,
    LoginTokenSerializer,
    LogoutSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    PhoneSerializer,
    RefreshSerializer,
    RegisterSerializer,
)

# what the debug page and error reports never show (core.reporting hides the rest by name)
SECRETS = ("password", "old_password", "new_password", "code", "refresh", "phone")
secret_body = method_decorator(sensitive_post_parameters(*SECRETS), name="dispatch")


@secret_body
class AuthViewSet(viewsets.GenericViewSet):
    """Creating an account, logging out, resetting a forgotten password. Tokens come from
    `auth/token/` and `auth/token/refresh/`."""

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

    @extend_schema(request=LogoutSerializer, responses={204: None})
    @action(detail=False, methods=["post"])
    def logout(self, request):
        """Revoke a refresh token (this device's session); its access token expires within
        15 minutes. An unknown or already revoked token answers 204 as well."""
        data = LogoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            RefreshToken(data.validated_data["refresh"]).blacklist()
        except TokenError:
            pass  # expired, forged or already revoked: nothing left to revoke
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PasswordResetSerializer, responses={202: DetailSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="password-reset",
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="otp",
    )
    def password_reset(self, request):
        """Send a one-time code (and, by e-mail, a link) to the account's e-mail and verified
        phone. Always 202, whether or not the login names an account."""
        data = PasswordResetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tasks.password_reset_ask(data.validated_data["login"])
        return Response({"detail": str(SENT)}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: DetailSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="password-reset/confirm",
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="auth",
    )
    @method_decorator(sensitive_variables("data"))
    def password_reset_confirm(self, request):
        """Set a new password with the code; every token of the account stops working."""
        data = PasswordResetConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response({"detail": str(_("Your password is changed. Log in with it."))})


SENT = _(
    "If an account has this login, we sent it a code by e-mail or SMS. It works for 15 minutes."
)


@method_decorator(sensitive_post_parameters(*SECRETS), name="dispatch")
class TokenView(TokenObtainPairView):
    serializer_class = LoginTokenSerializer
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


@method_decorator(sensitive_post_parameters(*SECRETS), name="dispatch")
class RefreshView(TokenRefreshView):
    serializer_class = RefreshSerializer


@secret_body
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

    @extend_schema(request=PasswordChangeSerializer, responses={200: FreshTokensSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="password",
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="auth",
    )
    @method_decorator(sensitive_variables("data"))
    def password(self, request):
        """Change the password (the current one first). Every token of the account stops
        working, this one too: the answer carries a new pair for this device."""
        data = PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.password_change(user=request.user, **data.validated_data)
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})
