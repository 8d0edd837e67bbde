"""The OpenAPI schema's view of errors: every operation documents the JSON errors it can answer.

DRF answers 400 (bad filters, bad page, field errors), 401 (no or bad credentials), 403 (a role or
key scope that may not), 404 (no such object or page) and 405 on any view; documenting them once
here keeps each app's ``extend_schema`` about its own responses (e.g. 409 ``quota_exhausted``).

An optional query parameter sent empty (``?kind=``) is the same as one left out, on every
operation (django-filter, the pagination and the settlements pages all read it so); the schema
says so with ``allowEmptyValue``, so a client (or a fuzzer) knows that an empty value is no error.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text=gettext_lazy("A human-readable message, in the request's language.")),
        "code": serializers.CharField(required=False, help_text=gettext_lazy("A stable machine-readable code.")),
    },
)
FIELD_ERRORS = inline_serializer(
    name="FieldErrors",
    fields={
        "detail": serializers.CharField(required=False),
        "code": serializers.CharField(required=False),
        "non_field_errors": serializers.ListField(child=serializers.CharField(), required=False),
    },
)
STANDARD_ERRORS = {"400": FIELD_ERRORS, "401": ERROR, "403": ERROR, "404": ERROR, "405": ERROR}


class PortalAutoSchema(AutoSchema):
    """Descriptions are the docs' reader's, in their language: a view's or serializer's
    ``schema_description`` (translatable), never its docstring, which is written for developers."""

    def get_description(self):
        return str(getattr(self.view, "schema_description", ""))

    def _map_basic_serializer(self, serializer, direction):
        component = super()._map_basic_serializer(serializer, direction)
        component.pop("description", None)
        described = getattr(serializer, "schema_description", None)
        if described:
            component["description"] = str(described)
        return component

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, serializer in STANDARD_ERRORS.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return responses
