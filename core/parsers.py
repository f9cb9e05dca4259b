"""The API's parsers: DRF's, refusing text that holds a NUL character (PostgreSQL cannot store
or compare it: every such value used to be a 500 wherever it reached a query) and, in JSON, a
number that is not finite (`1e400` parses as infinity, and `int(inf)` in an id field was a 500)."""

import math

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _not_finite(value) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_not_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_not_finite(v) for v in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _holds_nul(data):
            raise ParseError(_("A NUL character is not allowed in a request."))
        if _not_finite(data):
            raise ParseError(_("A number in the request is too large."))
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if any(_holds_nul(v) for v in data.values()):
            raise ParseError(_("A NUL character is not allowed in a request."))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        if any(_holds_nul(v) for v in result.data.values()) or any(
            "\x00" in (f.name or "") for f in result.files.values()
        ):
            raise ParseError(_("A NUL character is not allowed in a request."))
        return result


DEFAULT = [JSONParser, FormParser, MultiPartParser]
