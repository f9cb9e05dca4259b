from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer

from cycles.models import Community, Municipality
from notifications.serializers import preferences_field

from . import lockout
from .models import Language, User, normalize_phone, phone_validator
from .services import Throttled


def _phone(value: str) -> str:
    value = normalize_phone(value)
    phone_validator(value)
    return value


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
        return _phone(value) if value else ""

    def validate(self, attrs):
        if not attrs.get("email") and not attrs.get("phone"):
            raise serializers.ValidationError(
                {"email": [_("Give an e-mail address or a phone number.")]}
            )
        candidate = User(email=attrs.get("email"), name=attrs["name"], phone=attrs.get("phone"))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)})
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
    notification_preferences = preferences_field(required=False)

    class Meta:
        model = User
        fields = [
            "id",
            *User.PROFILE_FIELDS,
            "email",
            "phone",
            "phone_verified",
            "roles",
            "is_staff",
            "notification_preferences",
        ]
        read_only_fields = ["id", "email", "phone", "phone_verified", "roles", "is_staff"]


class LoginTokenSerializer(TokenObtainPairSerializer):
    """Obtain tokens with `login` (e-mail or phone) and `password`."""

    username_field = "login"  # EmailOrPhoneBackend reads it
    # simplejwt's own message has no Georgian translation
    default_error_messages = {
        "no_active_account": _("No account with this e-mail or phone and password.")
    }
    # what the answer carries (simplejwt returns them without declaring them)
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def validate(self, attrs):
        if lockout.is_locked(attrs.get("login", "")):
            raise Throttled(_("Too many failed logins for this account; try again in 15 minutes."))
        return super().validate(attrs)


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=30)

    def validate_phone(self, value):
        return _phone(value)


class CodeSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", max_length=12)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
