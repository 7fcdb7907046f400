"""API foundation: token sign-in, reference data, and one exception handler for domain errors."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from portal import api_serializers as serializers
from portal.accounts import mfa, services
from portal.accounts.authentication import ApiTokenAuthentication
from portal.accounts.backends import unconfirmed_with_password
from portal.accounts.models import ApiToken
from portal.api_common import errors
from portal.errors import DomainError
from portal.reference.models import PriorityArea, Region


def _problem(problem, default_code):
    """A problem as JSON: validators' ``Problem`` objects, or the ``(field, message)`` pairs some services use."""
    if isinstance(problem, tuple | list):
        field, message = problem
        return {"code": default_code, "field": str(field or ""), "message": str(message)}
    return {"code": getattr(problem, "code", default_code), "field": str(getattr(problem, "field", "") or ""),
            "message": str(getattr(problem, "message", problem))}


def api_exception_handler(exc, context):
    """Every error of the API in one shape: ``detail`` (a sentence), ``code`` (stable, for programs) and, for
    invalid input, ``problems`` (``code``, ``field``, ``message`` each) beside the per-field messages DRF keys by
    field name. DomainError -> 400/409 with its problems; never a 500 for a rule."""
    if isinstance(exc, DomainError):
        body = {"detail": str(exc), "code": exc.code}
        problems = getattr(exc, "problems", None)
        if problems:
            body["problems"] = [_problem(p, exc.code) for p in problems]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc, response.data)
    return response


def error_body(exc, data):
    """DRF's error ``data`` in the API's one error shape (see ``api_exception_handler``)."""
    if isinstance(exc, exceptions.ValidationError):
        problems = list(flat_problems(data))
        body = dict(data) if isinstance(data, dict) else {}
        for key in ("detail", "code", "problems"):
            body.pop(key, None)
        first = problems[0]["message"] if len(problems) == 1 else None
        return {"detail": first or str(_("Invalid input: see the problems listed.")), "code": "invalid",
                "problems": problems, **body}
    body = dict(data) if isinstance(data, dict) else {"detail": str(data)}
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    body.setdefault("code", codes if isinstance(codes, str) else "error")
    field = getattr(exc, "field", None)
    if field:
        body["problems"] = [{"code": body["code"], "field": field, "message": str(body.get("detail", ""))}]
    return body


def flat_problems(detail, path=""):
    """``{"budget_lines": [{}, {"quantity": ["..."]}]}`` -> ``{"field": "budget_lines.1.quantity", ...}`` rows."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = str(key) if key != "non_field_errors" else ""
            yield from flat_problems(value, f"{path}.{name}" if path and name else (name or path))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                yield {"code": str(getattr(item, "code", "invalid") or "invalid"), "field": path,
                       "message": str(item)}
        else:
            for index, item in enumerate(detail):
                yield from flat_problems(item, f"{path}.{index}" if path else str(index))
    else:
        yield {"code": str(getattr(detail, "code", "invalid") or "invalid"), "field": path, "message": str(detail)}


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                help_text="Second-factor code (authenticator or recovery code): needed exactly when "
                                          "signing in on the site asks for one.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                 help_text="A label for the token, shown on your profile page (e.g. the program).")


TokenResponseSerializer = inline_serializer("TokenResponse", {
    "token": serializers.CharField(), "expiry": serializers.DateTimeField(allow_null=True)})


class TokenView(APIView):
    """Exchange e-mail, password (and the second-factor code where sign-in asks for one) for an API token
    (``Authorization: Token <token>``); ``DELETE`` revokes the token the request is signed with."""

    permission_classes = [AllowAny]
    authentication_classes = [ApiTokenAuthentication]
    throttle_scope = "token"

    @extend_schema(summary="Obtain an API token", request=TokenRequestSerializer,
                   responses={200: TokenResponseSerializer, **errors(400, 401, 403)})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # django-axes counts failures on the Django request and answers 429 when the account or address is locked.
        user = authenticate(request._request, username=data["email"], password=data["password"])
        if user is None:
            if unconfirmed_with_password(request._request, data["email"], data["password"]):
                raise exceptions.PermissionDenied(_("Confirm your e-mail address first: follow the link we sent."))
            raise exceptions.AuthenticationFailed(_("E-mail or password is wrong."))
        if mfa.applies(user):
            if not mfa.enabled_for(user):
                raise mfa.SetupRequired()
            if not data.get("otp"):
                raise exceptions.ValidationError({"otp": [_("Enter the code from your authenticator app.")]},
                                                 code="otp_required")
            if mfa.verify(user, data["otp"]) is None:
                user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request._request)
                raise exceptions.AuthenticationFailed(_("The second-factor code is not right."))
        token, key = services.api_token_create(user=user, actor=user, name=data.get("name", ""))
        return Response({"token": key, "expiry": token.expiry})

    @extend_schema(summary="Revoke the token this request is signed with", request=None,
                   responses={204: None, **errors(401)})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated()
        services.api_token_revoke(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_kk", "name_ru", "name_en", "kind"]


class PriorityAreaSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = PriorityArea
        fields = ["id", "code", "name", "name_kk", "name_ru", "name_en"]


@extend_schema(summary="Regions of Kazakhstan (17 oblasts and 3 cities)")
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["kind", "code"]
    ordering_fields = ["order", "code"]


@extend_schema(summary="Priority areas of the state social order")
class PriorityAreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = PriorityArea.objects.filter(is_active=True)
    serializer_class = PriorityAreaSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["code"]
    ordering_fields = ["order", "code"]
