"""API of the reports of a frozen ranking: asking for one, its status, the download."""

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, StateConflict, errors, named_choice_field, require_perm, visible_or_404

from ..enums import ReportFormat, ReportStatus
from ..models import Report
from ..ranking.selectors import current_snapshot
from ..reports import services
from ..reports.render import CONTENT_TYPES
from ..reports.selectors import reports_for_user
from .common import ERRORS, competition_or_404


class ReportSerializer(serializers.ModelSerializer):
    format = named_choice_field("ReportFormat", ReportFormat.choices, read_only=True)
    status = named_choice_field("ReportStatus", ReportStatus.choices, read_only=True)
    competition = serializers.IntegerField(source="snapshot.competition_id", read_only=True)
    snapshot_sha256 = serializers.CharField(source="snapshot.sha256", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "competition", "snapshot", "snapshot_sha256", "format", "language", "status", "progress",
                  "sha256", "error", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class ReportRequestSerializer(serializers.Serializer):
    format = named_choice_field("ReportFormat", ReportFormat.choices)


class ReportRequestView(SignedInMixin, GenericAPIView):
    serializer_class = ReportRequestSerializer

    @extend_schema(summary="Ask for the ranking report of the frozen snapshot (pdf, csv, xlsx): made in the "
                           "background, once per snapshot and format", request=ReportRequestSerializer,
                   responses={202: ReportSerializer, **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        snapshot = current_snapshot(competition)
        if snapshot is None:
            raise StateConflict(_("competition"), competition.get_status_display())
        report = services.report_request(snapshot=snapshot, format=serializer.validated_data["format"],
                                         actor=request.user)
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


class ReportView(SignedInMixin, GenericAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        return reports_for_user(self.request.user)

    @extend_schema(summary="A report's status and progress (queued, running, done, failed) and its SHA-256",
                   responses={200: ReportSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        report = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "competitions.view_competition_internal", report)
        return Response(ReportSerializer(report).data)


class ReportDownloadView(SignedInMixin, GenericAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        return reports_for_user(self.request.user)

    def perform_content_negotiation(self, request, force=False):
        """The file goes out as it is; only an error is rendered, always as JSON (whatever ``Accept`` says)."""
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(summary="Download a finished report (as an attachment)", responses={
        (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF report"),
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The CSV export"),
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The XLSX export"),
        **errors(401, 403, 404, 409)})
    def get(self, request, pk):
        report = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "competitions.view_competition_internal", report)
        if report.status != ReportStatus.DONE or not report.file:
            raise StateConflict(_("report"), report.get_status_display())
        name = f"{report.snapshot.competition.reference}-ranking-{report.snapshot.number}.{report.format}"
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[report.format])
