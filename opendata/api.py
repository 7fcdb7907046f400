"""The open data through the API (``/api/v1/open-data/``): the same records as the files, built by the same
functions, page by page, with the filters of ``filters.py``. Public, read-only."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import ApiMixin
from portal.api_http import FilterBackend

from .common import absolute
from .filters import GrantFilter, ProcessFilter
from .selectors import awarded_grants, data_files, open_competitions
from .services import build_compiled_records, build_grant_records


class GrantOrganizationSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="org-id style identifier: KZ-BIN-<BIN>")
    name = serializers.CharField()


class GrantRecordSerializer(serializers.Serializer):
    """A 360Giving 1.4 grant record (built by ``grants360.grant_record``)."""

    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    currency = serializers.CharField()
    amountAppliedFor = serializers.FloatField()
    amountAwarded = serializers.FloatField()
    amountDisbursed = serializers.FloatField(required=False)
    awardDate = serializers.DateTimeField()
    plannedDates = serializers.ListField(child=serializers.DictField(), required=False)
    recipientOrganization = GrantOrganizationSerializer(many=True)
    fundingOrganization = GrantOrganizationSerializer(many=True)
    beneficiaryLocation = serializers.ListField(child=serializers.DictField())
    grantProgramme = serializers.ListField(child=serializers.DictField())
    fromOpenCall = serializers.ChoiceField(choices=["Yes", "No"])
    classifications = serializers.ListField(child=serializers.DictField())
    dateModified = serializers.DateTimeField()
    dataSource = serializers.URLField()

    def to_representation(self, instance):
        return instance  # already the standard's JSON


class CompiledRecordSerializer(serializers.Serializer):
    """An OCDS record: every release of one competition and the compiled release merged from them."""

    ocid = serializers.CharField()
    releases = serializers.ListField(child=serializers.DictField())
    compiledRelease = serializers.DictField()

    def to_representation(self, instance):
        return instance


class DataFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    content_type = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    records = serializers.IntegerField()
    generated_at = serializers.DateTimeField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, data_file) -> str:
        if not data_file.file:
            return ""
        return absolute(reverse("opendata:file", kwargs={"name": data_file.name}))


class _BuiltListMixin(mixins.ListModelMixin):
    """List a page of model rows as the records the builder makes of them."""

    filter_backends = [FilterBackend]  # an id no row has finds nothing (200, an empty page), as everywhere
    build = None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(self.build(page if page is not None else queryset), many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)


@extend_schema_view(list=extend_schema(summary="Awarded grants as 360Giving records (filter by year, body, region, "
                                               "priority area)"))
class GrantViewSet(ApiMixin, _BuiltListMixin, viewsets.GenericViewSet):
    serializer_class = GrantRecordSerializer
    filterset_class = GrantFilter
    build = staticmethod(build_grant_records)

    def get_queryset(self):
        return awarded_grants()


@extend_schema_view(list=extend_schema(summary="Competitions as OCDS records: releases per stage and the compiled "
                                               "release (filter by year, body, region, priority area)"))
class RecordViewSet(ApiMixin, _BuiltListMixin, viewsets.GenericViewSet):
    serializer_class = CompiledRecordSerializer
    filterset_class = ProcessFilter
    build = staticmethod(build_compiled_records)

    def get_queryset(self):
        return open_competitions()


@extend_schema_view(list=extend_schema(summary="The generated open-data files with their SHA-256"))
class DataFileViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = DataFileSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return data_files()
