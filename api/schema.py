"""How the API describes itself: token authentication, and the error answers every operation can give, so
that a client (and schemathesis' status-code check) knows each status the API may return."""

from __future__ import annotations

from typing import Any

import uritemplate
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the API tokens page or `manage.py api_token create`: "
            "`Authorization: Bearer <token>`.",
        }


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="What went wrong, in words for a person.")


# A refused input names each field (or "detail") with its message or messages.
FIELD_ERRORS: dict[str, Any] = {
    "type": "object",
    "description": "Each refused field (or `detail`) with its message or messages.",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers each kind of operation can give."""

    def _error_responses(self) -> dict[str, Any]:
        errors: dict[str, Any] = {
            "401": _error("No token, or a token that is unknown, revoked or expired."),
            "403": _error("Signed in, but not allowed to do this."),
            "429": _error("Too many calls with this token: wait as the Retry-After header says."),
        }
        has_id = bool(uritemplate.variables(self.path))
        takes_input = self.method in ("POST", "PUT", "PATCH") or bool(self._get_parameters())
        if takes_input:
            errors["400"] = OpenApiResponse(response=FIELD_ERRORS, description="The input was refused.")
        # A record the caller may not see is 404, as is a page number past the end of a list.
        if has_id or self._is_list_view() or takes_input:
            errors["404"] = _error("No such record, or not one the caller may see.")
        if self.method == "POST" and has_id:
            errors["409"] = _error("The record changed since it was read: read it again and retry.")
        return errors

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return dict(sorted(responses.items()))
