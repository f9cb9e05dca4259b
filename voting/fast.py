"""`PUT cycles/{id}/my-ballot/` at the machine's ceiling (issue 18, bench/ballots.py).

A ballot is the hottest write of the year, and DRF's request cycle (content negotiation, the
request wrapper, the permission and throttle classes, the exception handler) costs more CPU than
the ballot itself. `ballot_door` answers the COMMON case here, with the same code the API view
runs (simplejwt's authentication, `check()`, the serializers, the throttles, the services), and
hands EVERY other request to the API view unchanged: another method, a session cookie instead of
a token, SQLite, and any refusal or error (401, 403, 409, 400, 429, Redis down). So each refusal
is said once, by the API view, in the error shape; this door only ever answers 200.

The one cost of falling through late: a request refused after its throttles were counted here
(a concurrent ballot of the same voter won the race) is counted again by the API view.
"""

import io
from functools import wraps

from django.db import connection
from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from accounts.authentication import JWTAuthentication
from core.errors import DomainError
from core.parsers import JSONParser
from core.throttling import throttled_together
from cycles.permissions import check

from . import api, services

_AUTH = JWTAuthentication()
_RENDERER = JSONRenderer()
_WHEN = serializers.DateTimeField()  # as CastEnvelopeSerializer's updated_at


def ballot_door(view):
    """Wrap the my-ballot API view (its attributes kept, so the schema still sees the view)."""

    allow = _allowed(view)

    @wraps(view)
    def door(request, *args, **kwargs):
        if request.method == "PUT" and connection.vendor == "postgresql":
            answer = _cast(request, kwargs["pk"])
            if answer is not None:
                answer["Allow"] = allow
                return answer
        return view(request, *args, **kwargs)

    return door


def _allowed(view) -> str:
    """The `Allow` header the API view answers with: its actions' methods, HEAD beside GET (as
    DRF's as_view() maps it) and OPTIONS."""
    actions = dict(view.actions)
    if "get" in actions:
        actions.setdefault("head", actions["get"])
    instance = view.cls(**view.initkwargs)
    for method, action in actions.items():
        setattr(instance, method, getattr(instance, action))
    return ", ".join(instance.allowed_methods)


def _plain(body) -> list | None:
    """`envelopes` of a body in the plain shape MyBallotInSerializer passes on unchanged (ids
    as JSON integers, choices a list or an object), else None: the serializer says what is
    wrong with any other."""
    envelopes = body.get("envelopes") if isinstance(body, dict) else None
    if not isinstance(envelopes, list) or not envelopes:
        return None
    out = []
    for item in envelopes:
        if not isinstance(item, dict) or type(item.get("envelope")) is not int:
            return None
        if not isinstance(item.get("choices"), (list, dict)):
            return None
        out.append({"envelope": item["envelope"], "choices": item["choices"]})
    return out


def _cast(request, pk) -> HttpResponse | None:
    """The 200 of a first online ballot, or None: the API view answers."""
    if not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
        return None
    if request.content_type != "application/json":
        return None
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    if "application/json" not in accept and "*/*" not in accept:
        return None  # content negotiation is the API view's
    try:
        raw = _AUTH.get_raw_token(_AUTH.get_header(request))
        if raw is None:
            return None
        token = _AUTH.get_validated_token(raw)  # simplejwt's checks of the token itself
        # the account, the cycle's own row (check() compares municipality ids) and the voter
        # key: one round trip; then simplejwt's checks of the account, as authenticate() makes
        found = services.caster(cycle_id=pk, user_id=_AUTH.token_user_id(token))
        if found is None:
            return None
        user, cycle, voter = found
        _AUTH.checked(user, token)
        check(user, cycle, "cast_ballot")
        if voter is None or voter.voted:
            return None
        envelopes = _plain(JSONParser().parse(io.BytesIO(request.body), "application/json", {}))
        if envelopes is None:
            return None
        checked = services.checked_choices(cycle, voter, envelopes)
    except Exception:  # noqa: BLE001  whatever it is, the API view says it in the error shape
        return None
    wrapped = Request(request)
    # DRF's request sets request.user too (the logs read it)
    wrapped.user, wrapped.auth = user, token
    view = api.MyBallotViewSet(request=wrapped, kwargs={"pk": pk}, action="cast")
    view.format_kwarg = None
    if throttled_together(view, wrapped) != []:  # refused, or only one by one: the API view
        return None
    try:
        ballots = services.first_ballot_cast(cycle, user, voter, checked)
    except DomainError:
        return None
    if ballots is None:  # the voter voted meanwhile: the locked path decides
        return None
    data = api.cast_ballot_data(cycle, user, ballots)  # what MyBallotSerializer gives of it:
    for envelope in data["envelopes"]:  # every value as it is, but the time in ISO 8601
        envelope["updated_at"] = _WHEN.to_representation(envelope["updated_at"])
    response = HttpResponse(_RENDERER.render(data), content_type="application/json")
    if len(api.MyBallotViewSet.renderer_classes) > 1:  # as DRF's finalize_response
        response["Vary"] = "Accept"
    return response
