"""The OpenAPI schema tells the truth about errors: every operation may answer in the error shape.

Mobile clients generate code from /api/schema/; if a 409 `already_voted` is not in the schema,
their generated client cannot parse it. So every operation documents the error codes it can give.
"""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine code, e.g. phase_closed.")
    message = serializers.CharField(help_text="Human text in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name -> messages (400 invalid only; otherwise empty).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERRORS = {
    "400": "invalid: field errors in `fields`",
    "401": "not_authenticated",
    "403": "forbidden",
    "404": "not_found",
    "405": "method_not_allowed",
    "406": "not_acceptable",
    "409": "phase_closed, conflict or already_voted",
    "415": "unsupported_media_type",
    "429": "throttled",
}
SAFE_METHOD_ERRORS = {"400", "401", "403", "404", "405", "406", "409", "429"}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = (
            ERRORS
            if self.method not in ("GET", "HEAD")
            else {k: v for k, v in ERRORS.items() if k in SAFE_METHOD_ERRORS}
        )
        for code, description in codes.items():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = description
                responses[code] = body
        return responses
