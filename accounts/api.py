from django.contrib.auth import password_validation
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from cycles.models import Community, Municipality
from notifications import api as notifications_api
from notifications.services import notification_preferences_set

from . import lockout, services
from .models import Language, User, normalize_phone, phone_validator
from .services import Throttled


class RegisterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True
    )
    birth_date = serializers.DateField(required=False, allow_null=True)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.KA)

    def validate_phone(self, value):
        if not value:
            return ""
        value = normalize_phone(value)
        phone_validator(value)
        return value

    def validate(self, attrs):
        if not attrs.get("email") and not attrs.get("phone"):
            raise serializers.ValidationError(
                {"email": [_("Give an e-mail address or a phone number.")]}
            )
        candidate = User(email=attrs.get("email"), name=attrs["name"], phone=attrs.get("phone"))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except Exception as exc:  # django ValidationError -> field error
            raise serializers.ValidationError(
                {"password": list(getattr(exc, "messages", [str(exc)]))}
            )
        return attrs


class RoleSerializer(serializers.Serializer):
    kind = serializers.CharField()
    municipality = serializers.CharField(source="municipality.slug")


class MeSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    roles = RoleSerializer(many=True, read_only=True)
    is_staff = serializers.BooleanField(read_only=True)
    notification_preferences = notifications_api.preferences_field(required=False)

    class Meta:
        model = User
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "phone_verified",
            "municipality",
            "community",
            "birth_date",
            "language",
            "roles",
            "is_staff",
            "notification_preferences",
        ]
        read_only_fields = ["id", "email", "phone", "phone_verified", "roles", "is_staff"]

    def validate(self, attrs):
        municipality = attrs.get("municipality", getattr(self.instance, "municipality", None))
        community = attrs.get("community", getattr(self.instance, "community", None))
        if (
            "municipality" in attrs
            and "community" not in attrs
            and community
            and (not municipality or community.municipality_id != municipality.pk)
        ):
            attrs["community"] = None
        elif community and (not municipality or community.municipality_id != municipality.pk):
            raise serializers.ValidationError(
                {"community": [_("This community is not in the chosen municipality.")]}
            )
        return attrs

    def update(self, instance, validated_data):
        changes = validated_data.pop("notification_preferences", None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if changes is not None:
                notification_preferences_set(user=instance, changes=changes)
        return instance


class LoginTokenSerializer(TokenObtainPairSerializer):
    """Obtain tokens with `login` (e-mail or phone) and `password`."""

    username_field = "login"  # EmailOrPhoneBackend reads it

    def validate(self, attrs):
        if lockout.is_locked(attrs.get("login", "")):
            raise Throttled(_("Too many failed logins for this account; try again in 15 minutes."))
        return super().validate(attrs)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=30)

    def validate_phone(self, value):
        value = normalize_phone(value)
        phone_validator(value)
        return value


class CodeSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", max_length=12)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RegisterView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=RegisterSerializer, responses={201: MeSerializer})
    def post(self, request):
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


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request):
        data = MeSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        data.save()
        return Response(MeSerializer(request.user).data)


class VerifyPhoneView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp"

    @extend_schema(request=PhoneSerializer, responses={202: DetailSerializer})
    def post(self, request):
        data = PhoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.phone_code_send(user=request.user, phone=data.validated_data["phone"])
        return Response(
            {"detail": str(_("We sent a code by SMS."))}, status=status.HTTP_202_ACCEPTED
        )


class VerifyPhoneConfirmView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=CodeSerializer, responses=MeSerializer)
    def post(self, request):
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.phone_code_confirm(user=request.user, code=data.validated_data["code"])
        return Response(MeSerializer(user).data)
