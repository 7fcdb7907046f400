"""API foundation: token sign-in, reference data, and one exception handler for domain errors."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

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
    """DomainError -> 400/409 with a message (and per-field problems when given); never a 500 for a rule."""
    if isinstance(exc, DomainError):
        body = {"detail": str(exc), "code": exc.code}
        problems = getattr(exc, "problems", None)
        if problems:
            body["problems"] = [_problem(p, exc.code) for p in problems]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return exception_handler(exc, context)


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
