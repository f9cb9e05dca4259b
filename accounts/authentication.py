"""The API's token authentication: simplejwt's, with the user's row read without the ORM's query building.

simplejwt looks the user up through the ORM (`objects.get(id=...)`), whose query building is
most of the CPU of an authenticated request's authentication (issue 18, bench/cast_profile.py:
about 1.3 ms against 0.4 ms for the same row read raw). The checks are simplejwt's own, kept in
its order: a token naming no user, an unknown or inactive user, a token minted before the
password last changed (CHECK_REVOKE_TOKEN) are refused with simplejwt's codes.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from core import sql


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token):
        user_id = self.token_user_id(validated_token)
        return self.checked(sql.one(get_user_model(), "id = %s", [user_id]), validated_token)

    @staticmethod
    def token_user_id(validated_token) -> int:
        try:
            return int(validated_token[api_settings.USER_ID_CLAIM])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc

    @staticmethod
    def checked(user, validated_token):
        """`user` (the token's, read by the caller) if the token still speaks for them."""
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(
                _("The user's password has been changed."), code="password_changed"
            )
        return user


class JWTScheme(SimpleJWTScheme):
    """The schema's security scheme for this class: simplejwt's own (`jwtAuth`, Bearer)."""

    target_class = "accounts.authentication.JWTAuthentication"
