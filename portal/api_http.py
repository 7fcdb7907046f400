"""How the API answers at the HTTP level, the same for every endpoint (set in ``REST_FRAMEWORK`` and ``MIDDLEWARE``):

- ``ApiJsonErrorsMiddleware``: whatever produced an error under ``/api/`` (an unmatched route, Django's own 404,
  400, 403 or 500 page, a method no view has), the answer is JSON in the API's error shape, whatever ``Accept`` says;
- ``JsonNegotiation``: an ``Accept`` the API cannot serve gets JSON (not a 406 or an HTML page);
- ``PagePagination``: ``page`` is a whole number from 1, anything else is 400 naming it; a page past the end is 404;
- ``FilterBackend``: a filter by the id of a row that does not exist finds nothing (200 with an empty page), as
  for a row you may not see; a value of the wrong type, an empty value (but for text filters) or a boolean other
  than true/false is 400 naming the filter (django-filter alone would ignore the last two).
"""

import re

import django_filters
from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination

# Not API answers but the schema document and its Swagger UI page.
NOT_API = ("/api/schema/", "/api/docs/")
ERROR_CODES = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
               415: "unsupported_media_type", 429: "throttled", 500: "server_error", 503: "service_unavailable"}
ERROR_TEXTS = {400: _("Bad request."), 401: _("Sign-in needed (token or session)."),
               403: _("You do not have permission to do this."), 404: _("Not found."),
               405: _("This method is not allowed here."), 413: _("The request is too large."),
               500: _("Server error: the portal's operators have been told.")}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")
PAGE_NUMBER = re.compile(r"^[0-9]{1,18}$")


def is_api_path(path):
    return path.startswith("/api/") and not path.startswith(NOT_API)


class ApiJsonErrorsMiddleware:
    """Turns an error page under ``/api/`` that is not JSON into the API's JSON error body, keeping the status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_path(request.path):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        body = {"detail": str(ERROR_TEXTS.get(status, _("The request could not be served."))),
                "code": ERROR_CODES.get(status, "error")}
        replaced = JsonResponse(body, status=status)
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced


class JsonNegotiation(DefaultContentNegotiation):
    """The renderers' own choice when the client's ``Accept`` allows one; otherwise the first (JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (NotAcceptable, NotFound):
            return renderers[0], renderers[0].media_type


class PagePagination(PageNumberPagination):
    """Page numbers from 1; a malformed ``page`` is refused (400), one past the last page is 404."""

    def get_page_number(self, request, paginator):
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        raw = values[-1]
        if not PAGE_NUMBER.match(raw) or int(raw) < 1:
            raise ValidationError({self.page_query_param: [_("Give a page number: a whole number from 1.")]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = str(_("A page number from 1; past the last page answers 404."))
        return parameters


class IdFilter(django_filters.Filter):
    """The id of a row, without looking the row up: an id no row has simply matches nothing."""

    field_class = forms.IntegerField


class FilterBackend(DjangoFilterBackend):
    """django-filter, with filters by a related row's id that do not fail on an id no row has."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        refused = {}
        for name, declared in list(filterset.filters.items()):
            for value in request.query_params.getlist(name):
                if value == "" and not isinstance(declared, django_filters.CharFilter):
                    refused[name] = [_("Give a value, or leave this filter out.")]
                elif isinstance(declared, django_filters.BooleanFilter) and value.lower() not in ("true", "false"):
                    refused[name] = [_("Give true or false.")]
            if type(declared) is django_filters.ModelChoiceFilter:
                filterset.filters[name] = IdFilter(field_name=declared.field_name, lookup_expr=declared.lookup_expr,
                                                   distinct=declared.distinct, exclude=declared.exclude)
                filterset.filters[name].model = declared.model
                filterset.filters[name].parent = filterset
        if refused:
            raise ValidationError(refused)
        return filterset
