"""API foundation: token sign-in, reference data, and one exception handler for domain errors."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

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


class TokenView(APIView):
    """Exchange e-mail and password for an API token (``Authorization: Token <token>``)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "token"

    @extend_schema(summary="Obtain an API token", request=TokenRequestSerializer,
                   responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, username=serializer.validated_data["email"],
                            password=serializer.validated_data["password"])
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("E-mail or password is wrong."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
