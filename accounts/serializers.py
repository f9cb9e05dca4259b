from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

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
        if lockout.is_locked(attrs.get("login", ""), self.context.get("request")):
            raise Throttled(_("Too many failed logins for this account; try again in 15 minutes."))
        return super().validate(attrs)


class RefreshSerializer(TokenRefreshSerializer):
    """A refresh token is refused once blacklisted (logout) or once the password it was issued
    under has changed (reset, change): the same check JWTAuthentication makes on access tokens."""

    def validate(self, attrs):
        from rest_framework_simplejwt.tokens import RefreshToken

        refresh = RefreshToken(attrs["refresh"])  # also refuses a blacklisted token
        user = User.objects.filter(pk=refresh.payload.get(jwt_settings.USER_ID_CLAIM)).first()
        if user is None or refresh.payload.get(
            jwt_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The token is no longer valid; log in again."))
        return super().validate(attrs)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2000)


class FreshTokensSerializer(serializers.Serializer):
    """The new token pair a password change answers (the old ones stop working)."""

    access = serializers.CharField()
    refresh = serializers.CharField()


class PasswordResetSerializer(serializers.Serializer):
    login = serializers.CharField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    login = serializers.CharField(max_length=254)
    code = serializers.RegexField(r"^\s*[0-9]{6,8}\s*$", max_length=20)
    password = serializers.CharField(
        max_length=128, write_only=True, style={"input_type": "password"}
    )


class PasswordChangeSerializer(serializers.Serializer):
    """`new_password`; `password` is read the same (the name ../shared/API.md gives)."""

    old_password = serializers.CharField(
        max_length=128, write_only=True, style={"input_type": "password"}
    )
    new_password = serializers.CharField(
        max_length=128, write_only=True, required=False, style={"input_type": "password"}
    )
    password = serializers.CharField(
        max_length=128, write_only=True, required=False, style={"input_type": "password"}
    )

    def validate(self, attrs):
        if not attrs.get("new_password") and not attrs.get("password"):
            raise serializers.ValidationError({"new_password": [_("This field is required.")]})
        return {
            "old_password": attrs["old_password"],
            "new_password": attrs.get("new_password") or attrs["password"],
        }


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=30)

    def validate_phone(self, value):
        return _phone(value)


class CodeSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*[0-9]{6}\s*$", max_length=12)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
