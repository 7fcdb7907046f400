"""The OpenAPI document states what the API does, for every operation, without a list per view.

- ``PortalAutoSchema`` (``DEFAULT_SCHEMA_CLASS``) adds to every operation the error answers it can give, each
  with the one error body (``Error``): 400 where a body or a query parameter is read (and for a body sent to an
  operation that takes none), 401 (a token that is wrong or expired), 403, 404 (an object in the path, a page
  past the end, an id in the body that names no row), 409 on writes (the object's state), 429 where a throttle
  or the sign-in lockout applies. A description the view gave for a code is kept.
- ``strict_request_bodies`` (a postprocessing hook) marks every request body object as closed
  (``additionalProperties: false``): a key the endpoint does not take is refused (portal/api_serializers.py);
  and drops the language-dependent titles of parameters (generated clients name their enums after them).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework.relations import ManyRelatedField
from rest_framework.serializers import DecimalField, ListField, ListSerializer
from rest_framework.throttling import ScopedRateThrottle

from portal.api_common import ErrorSerializer

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
DESCRIPTIONS = {
    400: _("Invalid input: `problems` names each field and what is wrong with it (also keyed by field name)."),
    401: _("Sign-in needed, or the token is wrong or expired."),
    403: _("You may see this object but not do this (or the sign-in is not confirmed)."),
    404: _("No such object, or you may not see it; an id in the body that names no row; a page past the end."),
    409: _("Conflict: the object's present state does not allow this, or a stale `version`."),
    429: _("Too many attempts: wait and try again (see Retry-After)."),
}


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        self._filter_limits(operation)
        error = {"application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}}
        responses = operation["responses"]
        for code in self.error_codes(operation):
            given = responses.get(str(code), {}).get("description")
            responses[str(code)] = {"description": given or str(DESCRIPTIONS[code]), "content": error}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_codes(self, operation):
        parameters = operation.get("parameters", [])
        codes = {401, 403}
        if "requestBody" in operation or self.method in WRITES or any(p["in"] == "query" for p in parameters):
            codes.add(400)
        if parameters or "requestBody" in operation:
            codes.add(404)
        if self.method in WRITES:
            codes.add(409)
        if self._throttled():
            codes.add(429)
        return sorted(codes)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A list of nested rows states its length limits (``max_length`` of ``many=True``) as DRF enforces them."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, ListSerializer) and schema.get("type") == "array":
            if field.min_length is not None:
                schema["minItems"] = field.min_length
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
        if (direction == "request" and isinstance(field, ListSerializer | ListField | ManyRelatedField)
                and schema.get("type") == "array" and field.allow_empty is False and "minItems" not in schema):
            schema["minItems"] = 1  # ``allow_empty=False``: DRF refuses an empty list
        if isinstance(field, DecimalField) and schema.get("type") == "string" and schema.get("format") == "decimal":
            # drf-spectacular's pattern allows "" and "-" (``\d{0,n}`` before the point), which DRF refuses.
            places = field.decimal_places
            whole = r"\d+" if field.max_whole_digits is None else rf"\d{{1,{max(field.max_whole_digits, 1)}}}"
            sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
            schema["pattern"] = rf"^{sign}{whole}(?:\.\d{{0,{places}}})?$"
        return schema

    def _filter_limits(self, operation):
        """A filter's ``min_value``/``max_value`` (which django-filter enforces with a 400) stated in the schema."""
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return
        for parameter in operation.get("parameters", []):
            declared = filterset_class.base_filters.get(parameter["name"]) if parameter["in"] == "query" else None
            if declared is None:
                continue
            for key, name in (("min_value", "minimum"), ("max_value", "maximum")):
                if declared.extra.get(key) is not None:
                    parameter["schema"][name] = declared.extra[key]

    def _throttled(self):
        view = self.view
        for throttle in view.get_throttles():
            if not isinstance(throttle, ScopedRateThrottle) or getattr(view, "throttle_scope", None):
                return True
        return False


def strict_request_bodies(result, generator, request, public):
    """``additionalProperties: false`` on every object a request body is made of (the serializers refuse the rest)."""
    schemas = result.get("components", {}).get("schemas", {})
    seen = set()

    def close(schema):
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen and name in schemas:
                seen.add(name)
                close(schemas[name])
            return
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
            for value in schema["properties"].values():
                close(value)
        for key in ("items", "allOf", "oneOf", "anyOf"):
            value = schema.get(key)
            for item in value if isinstance(value, list) else [value]:
                close(item)

    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                close(content.get("schema"))
            for parameter in operation.get("parameters", []):
                # A filter's enum is titled with its label in the language the schema was made in: generated
                # clients would name the enum after it ("V1ApplicationsListСтатус"). The name is enough.
                parameter.get("schema", {}).get("items", {}).pop("title", None)
                parameter.get("schema", {}).pop("title", None)
    return result
