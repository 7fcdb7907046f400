"""REST API of organisations (NGOs): register one (you become its owner), read yours, change it as an owner."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, errors, named_choice_field, require_perm

from . import services
from .models import LegalForm, Organization
from .selectors import organizations_visible_to_user

# From the state register and the ownership proof: the API reads them, nobody writes them.
REGISTER_READ_ONLY = ["name_kk", "name_ru", "head_name", "register_status", "verification_status", "verified_at",
                      "ownership_verified_at", "ownership_method"]


class OrganizationSerializer(serializers.ModelSerializer):
    legal_form = named_choice_field("LegalForm", LegalForm.choices)
    ownership_method = serializers.CharField(read_only=True, help_text="`eds`, `admin`, or empty while unproven.")

    class Meta:
        model = Organization
        fields = ["id", "bin", "name", "legal_form", "region", "address", "registered_on", "in_ngo_database",
                  "ngo_database_registered_on", "contact_email", "contact_phone", "website", "is_bankrupt",
                  "in_liquidation", "created_at", *REGISTER_READ_ONLY]
        read_only_fields = ["id", "is_bankrupt", "in_liquidation", "created_at", *REGISTER_READ_ONLY]


class OrganizationUpdateSerializer(OrganizationSerializer):
    class Meta(OrganizationSerializer.Meta):
        read_only_fields = ["id", "bin", "is_bankrupt", "in_liquidation", "created_at", *REGISTER_READ_ONLY]


class OrganizationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["region", "legal_form", "in_ngo_database", "bin", "search"]


@extend_schema_view(
    list=extend_schema(summary="Your organisations (administrators: all)"),
    retrieve=extend_schema(summary="Read an organisation", responses={200: OrganizationSerializer,
                                                                     **errors(401, 404)}),
    create=extend_schema(summary="Register an organisation; you become its owner (confirmed e-mail needed)",
                         request=OrganizationSerializer,
                         responses={201: OrganizationSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change your organisation (owners); the BIN stays",
                                 request=OrganizationUpdateSerializer,
                                 responses={200: OrganizationSerializer, **errors(400, 401, 403, 404)}),
)
class OrganizationViewSet(SignedInMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "created_at", "bin"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        return organizations_visible_to_user(self.request.user)

    def get_serializer_class(self):
        return OrganizationUpdateSerializer if self.action == "partial_update" else OrganizationSerializer

    def create(self, request, *args, **kwargs):
        serializer = OrganizationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = services.organization_create(actor=request.user, **serializer.validated_data)
        return Response(OrganizationSerializer(organization).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organization = self.get_object()
        require_perm(request.user, "accounts.change_organization", organization)
        serializer = OrganizationUpdateSerializer(organization, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organization = services.organization_update(organization=organization, actor=request.user,
                                                    **serializer.validated_data)
        return Response(OrganizationSerializer(organization).data)
