"""API of the expert register (with each expert's load) and of a competition's pool."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import GenericAPIView

from portal import api_serializers as serializers
from portal.accounts.models import ExpertProfile
from portal.api_common import SignedInMixin, errors, require_perm
from portal.api_http import IdFilter

from ..experts.selectors import expert_register_for_user, pool_for_competition
from ..experts.services import pool_add
from ..models import PoolMember
from .common import ERRORS, competition_or_404


class ExpertSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    priority_areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    load = serializers.IntegerField(source="current_load", read_only=True,
                                    help_text=_("Active assignments in competitions under review."))
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ExpertProfile
        fields = ["id", "user_email", "full_name", "priority_areas", "regions", "languages", "load", "max_load",
                  "is_active"]
        read_only_fields = fields


class ExpertFilter(django_filters.FilterSet):
    priority_area = IdFilter(field_name="priority_areas")
    region = IdFilter(field_name="regions")

    class Meta:
        model = ExpertProfile
        fields = ["priority_area", "region", "is_active"]

    @property
    def qs(self):
        return super().qs.distinct()


@extend_schema_view(list=extend_schema(summary="The expert register with each expert's current load (officials)",
                                       responses={200: ExpertSerializer(many=True), **errors(401, 403)}))
class ExpertViewSet(SignedInMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilter
    ordering_fields = ["id", "user__email", "current_load"]

    def get_queryset(self):
        return expert_register_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        require_perm(request.user, "scoring.manage_experts")
        return super().list(request, *args, **kwargs)


class PoolMemberSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="expert.user.email", read_only=True)

    class Meta:
        model = PoolMember
        fields = ["expert", "user_email", "is_reserve", "added_at"]
        read_only_fields = fields


class PoolAddSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(many=True, queryset=ExpertProfile.objects.all())
    reserve = serializers.StrictBooleanField(required=False, default=False)

    def validate_experts(self, experts):
        inactive = [expert.pk for expert in experts if not expert.is_active]
        if inactive:
            raise serializers.ValidationError(_("Not active in the expert register: %(ids)s.")
                                              % {"ids": ", ".join(map(str, inactive))})
        return experts


class CompetitionPoolView(SignedInMixin, GenericAPIView):
    serializer_class = PoolMemberSerializer
    filter_backends = []

    def get_queryset(self):
        return PoolMember.objects.none()

    @extend_schema(summary="The expert pool of a competition (officials and observers)",
                   responses={200: PoolMemberSerializer(many=True), **errors(401, 403, 404)})
    def get(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.view_competition_internal", competition)
        page = self.paginate_queryset(pool_for_competition(competition))
        return self.get_paginated_response(PoolMemberSerializer(page, many=True).data)

    @extend_schema(summary="Add experts to the pool (officials); `reserve` experts fill freed slots. Answers the "
                           "pool as GET does (paginated)",
                   request=PoolAddSerializer, responses={200: PoolMemberSerializer(many=True), **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = PoolAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pool_add(competition=competition, experts=serializer.validated_data["experts"],
                 is_reserve=serializer.validated_data["reserve"], actor=request.user)
        page = self.paginate_queryset(pool_for_competition(competition))
        return self.get_paginated_response(PoolMemberSerializer(page, many=True).data)
