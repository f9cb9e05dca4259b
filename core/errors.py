"""Domain errors and the one exception handler that gives every API error the shape of API.md:

{"error": {"code": "phase_closed", "message": "...", "fields": {"title": ["..."]}}}
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain said no. Pages show `message`; the API answers `status` + `code`."""

    status = 400
    code = "invalid"
    default_message = gettext_lazy("The request is not valid.")

    def __init__(self, message=None, *, fields=None):
        self.message = str(message or self.default_message)
        self.fields = fields or {}
        super().__init__(self.message)


class Invalid(DomainError):
    status, code = 400, "invalid"


class NotAuthenticated(DomainError):
    status, code = 401, "not_authenticated"
    default_message = gettext_lazy("Log in first.")


class Forbidden(DomainError):
    status, code = 403, "forbidden"
    default_message = gettext_lazy("You are not allowed to do this.")


class NotFound(DomainError):
    status, code = 404, "not_found"
    default_message = gettext_lazy("Not found.")


class PhaseClosed(DomainError):
    status, code = 409, "phase_closed"
    default_message = gettext_lazy("This is not possible in the cycle's current phase.")


class Conflict(DomainError):
    status, code = 409, "conflict"
    default_message = gettext_lazy("This conflicts with the current state; reload and try again.")


class ReasonRequired(Conflict):
    """The state allows the step only with a reason, which goes on the public record."""

    code = "reason_required"
    default_message = gettext_lazy("Say why, for the public record.")


class AlreadyVoted(DomainError):
    status, code = 409, "already_voted"
    default_message = gettext_lazy("A ballot from this voter is already counted.")


def error_body(code, message, fields=None):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _flatten(detail):
    """DRF error detail -> {"field": ["message", ...]}, nested paths joined with dots."""
    out = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            if all(not isinstance(v, (dict, list)) for v in value):
                out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
            else:
                for i, sub in enumerate(value):
                    if sub:
                        walk(f"{prefix}.{i}" if prefix else str(i), sub)
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return out


_DRF_CODES = [
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "not_authenticated"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
    (exceptions.ParseError, "invalid"),
]


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error, ours or the framework's, in one shape."""
    headers = {}
    if isinstance(exc, DomainError):
        if exc.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return Response(
            error_body(exc.code, exc.message, exc.fields), status=exc.status, headers=headers
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            error_body("invalid", _("Check the highlighted fields."), fields), status=400
        )
    elif isinstance(exc, IntegrityError):
        log.warning("IntegrityError reached the API: %s", exc)
        return Response(error_body("conflict", Conflict.default_message), status=409)

    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body("invalid", _("Check the highlighted fields."), _flatten(exc.detail)),
            status=400,
        )
    if isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in _DRF_CODES if isinstance(exc, cls)), "error")
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail
        if isinstance(detail, (dict, list)):
            message = _flatten(detail).get("detail", [str(detail)])[0]
        else:
            message = str(detail)
        status_code = exc.status_code
        if code == "not_authenticated":
            status_code = status.HTTP_401_UNAUTHORIZED
            if isinstance(exc, InvalidToken):  # simplejwt's messages are English only
                message = _("Your login has expired or is not valid; log in again.")
        return Response(error_body(code, message), status=status_code, headers=headers)
    return None  # a real bug: let Django log it; api_server_error answers in our shape


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Unknown URLs under /api/ answer JSON, not an HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def api_server_error(request, *args, **kwargs):
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side.")), status=500
    )
