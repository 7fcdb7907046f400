"""Pieces every app's ``api.py`` shares: authentication order, error bodies for the schema, small helpers.

Nothing here decides a rule: permissions are ``rules`` perms asked on the object, visibility comes from the
``*_for_user`` selectors, and state changes are the services' (which raise ``portal.errors`` exceptions).
"""

from contextlib import contextmanager

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly

from portal import api_serializers as serializers
from portal.accounts.authentication import ApiTokenAuthentication
from portal.errors import DomainError, check_transition

# Token first: an anonymous request to a sign-in-only endpoint then gets 401 with ``WWW-Authenticate: Token``
# (DRF answers 403 when the first class is session authentication, which has no challenge).
AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]


class ApiMixin:
    # Base of every API view of the portal (a comment, not a docstring: the schema would show it per operation).
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticatedOrReadOnly]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in WRITES and takes_no_body(self, request):
            refuse_body(request)


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def takes_no_body(view, request):
    """Whether the operation's schema (``@extend_schema(request=None)``) says it reads no body."""
    handler = getattr(view, getattr(view, "action", None) or request.method.lower(), None)
    schema_class = getattr(handler, "kwargs", {}).get("schema")
    if schema_class is None:
        return False
    schema = schema_class()
    schema.view, schema.method, schema.path = view, request.method, request.path
    try:
        return schema.get_request_serializer() is None
    except Exception:  # noqa: BLE001 - a view the schema cannot inspect here reads its body itself
        return False


def refuse_body(request):
    """400 naming what was sent to an operation that takes nothing: nothing sent is silently ignored."""
    data = request.data
    if not data:
        return
    message = _("This action takes no data; nothing may be sent with it.")
    keys = list(data) if hasattr(data, "keys") else []
    raise ValidationError({key: [message] for key in keys} or [message])


class SignedInMixin(ApiMixin):
    permission_classes = [IsAuthenticated]


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code of the problem, for programs.")
    field = serializers.CharField(help_text="The field (``budget_lines.0.quantity``), or empty for the whole request.")
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API. Invalid input also keys its messages by field name beside ``problems``."""

    detail = serializers.CharField()
    code = serializers.CharField()
    problems = ProblemSerializer(many=True, required=False)

    class Meta:
        ref_name = "Error"


def errors(*codes):
    """Schema entries for the error answers an endpoint may give; every operation also gets the others it can
    give from ``portal.api_schema.PortalAutoSchema``, so this only adds a description of the view's own."""
    text = {
        400: "Invalid input: a message per field, or a rule refused the action (``problems`` lists each one).",
        401: "Sign-in needed (token or session).",
        403: "You may see this object but not do this.",
        404: "No such object, or you may not see it.",
        409: "Conflict: a stale ``version``, or a state that does not allow this (the message names it).",
    }
    return {code: OpenApiResponse(response=ErrorSerializer, description=text[code]) for code in codes}


def visible_or_404(queryset, **lookup):
    """The object from a ``*_for_user`` selector queryset: invisible objects are 404, never 403."""
    return get_object_or_404(queryset, **lookup)


def require_perm(user, perm, obj=None):
    """403 for a user who may see ``obj`` but not act on it (``rules`` permission).

    ``rules.has_perm`` rather than ``user.has_perm``: a superuser is not thereby an NGO or an official,
    exactly as on the pages."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def require_transition(*, table, kind, current, to, repeatable=False):
    """409 naming the current state when the state machine's own table forbids the move.

    ``repeatable``: the service treats a repeat (already in ``to``) as a no-op, so that is not refused here."""
    if not (repeatable and current == to):
        check_transition(table=table, kind=kind, current=current, to=to)


def named_choice_field(component, choices, **kwargs):
    """A choice field whose enum is its own schema component ``component``.

    drf-spectacular names enums after the field; two different choice sets on fields called ``kind`` would
    collide (a warning, which ``--fail-on-warn`` refuses). A named component avoids the clash."""
    field_class = _NAMED_CHOICE_FIELDS.get(component)
    if field_class is None:
        field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
        extend_schema_field({"type": "string", "enum": [str(value) for value, _label in choices]},
                            component_name=component)(field_class)
        _NAMED_CHOICE_FIELDS[component] = field_class
    return field_class(choices=choices, **kwargs)


_NAMED_CHOICE_FIELDS = {}


class StateConflict(DomainError):
    """409: the object's present state does not allow the action; the message names the state."""

    status_code = 409

    def __init__(self, kind, state):
        super().__init__(_("This %(kind)s is “%(state)s”: the action is not possible in this state.")
                         % {"kind": kind, "state": state}, code="state_conflict")


@contextmanager
def state_conflicts(*codes):
    """Answer 409 (not 400) when a service refuses with one of ``codes``: refusals caused by the object's state."""
    try:
        yield
    except DomainError as error:
        if error.code in codes:
            error.status_code = 409
        raise
