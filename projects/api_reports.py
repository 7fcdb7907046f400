"""Progress reports and the message thread through the API (``/api/v1/projects/reports/...``,
``/api/v1/projects/{id}/messages/``): read a report with its indicator values, spending and evidence; save it
(any part), submit, return, accept; upload evidence (multipart); read and write a project's messages.

Reads start from ``projects.selectors`` (invisible: 404); a permission of ``rules.py`` decides (403); strict
serializers parse (400 naming the field); a service refuses a rule (400, or 409 when the state does not allow)."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, errors, require_perm

from . import services
from .actions import REPORT_ACTIONS, perform
from .api import ProgressReportSerializer
from .enums import EvidenceKind
from .models import ProgressReport, ProjectMessage, ReportEvidence, ReportIndicatorValue, ReportSpending
from .selectors import projects_for_user
from .selectors_reports import messages_of

WRITE_ERRORS = errors(400, 401, 403, 404, 409)
ACT = "projects.act_for_project"


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportIndicatorValue
        fields = ["indicator", "year", "actual", "comment"]


class SpendingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportSpending
        fields = ["budget_line", "spent", "explanation"]


class ReportEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportEvidence
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "is_public", "uploaded_at"]


class ReportDetailSerializer(ProgressReportSerializer):
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)
    spending = SpendingSerializer(many=True, read_only=True)
    evidence = ReportEvidenceSerializer(many=True, read_only=True)

    class Meta(ProgressReportSerializer.Meta):
        fields = ProgressReportSerializer.Meta.fields + [
            "narrative", "public_summary", "activities_done", "indicator_values", "spending", "evidence"]


class ActivityDoneInput(serializers.Serializer):
    activity = serializers.IntegerField()
    done = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class IndicatorValueInput(serializers.Serializer):
    indicator = serializers.IntegerField()
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SpendingInput(serializers.Serializer):
    budget_line = serializers.IntegerField()
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, allow_null=True)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReportSaveSerializer(serializers.Serializer):
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    public_summary = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    beneficiaries_reached = serializers.IntegerField(required=False, min_value=0, allow_null=True)
    spent_total = serializers.DecimalField(required=False, max_digits=16, decimal_places=2, min_value=0)
    activities_done = ActivityDoneInput(many=True, required=False)
    indicator_values = IndicatorValueInput(many=True, required=False)
    spending = SpendingInput(many=True, required=False)


class EvidenceUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField()
    is_public = serializers.BooleanField(required=False, default=False)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectMessage
        fields = ["id", "author", "body", "created_at", "attachment_name", "attachment_sha256", "attachment_url"]

    def get_author(self, message) -> str:
        return (message.author.full_name or message.author.email) if message.author else ""

    def get_attachment_url(self, message) -> str | None:
        return f"/projects/messages/{message.pk}/file/" if message.attachment else None


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    attachment = serializers.FileField(required=False)


ACTION_PARAM = OpenApiParameter("action_name", str, OpenApiParameter.PATH, description="The action's name.")


@extend_schema_view(list=extend_schema(summary="Progress reports of the projects the user may see"),
                    retrieve=extend_schema(summary="A progress report: indicator values, spending, evidence"))
class ReportViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        queryset = ProgressReport.objects.filter(period__project__in=projects_for_user(self.request.user))
        if self.action != "list":
            queryset = queryset.prefetch_related("indicator_values", "spending", "evidence")
        return queryset.select_related("period__project__competition").order_by("period__project_id",
                                                                               "period__number")

    def get_serializer_class(self):
        return ProgressReportSerializer if self.action == "list" else ReportDetailSerializer

    def _answer(self, pk, code=status.HTTP_200_OK):
        report = self.get_queryset().get(pk=pk)
        return Response(ReportDetailSerializer(report).data, status=code)

    @extend_schema(summary="Run an action on a progress report", parameters=[ACTION_PARAM],
                   request=OpenApiTypes.OBJECT, description="Actions: " + ", ".join(sorted(REPORT_ACTIONS)) +
                   ". save: any of narrative, public_summary, beneficiaries_reached, spent_total, activities_done "
                   "[{activity, done, note}], indicator_values [{indicator, actual, comment}], spending "
                   "[{budget_line, spent, explanation}] (an explanation is needed to submit where the spending "
                   "differs from the line's plan by more than 10 %); return: reasons (one per line).",
                   responses={200: ReportDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<action_name>[a-z-]+)")
    def do(self, request, pk=None, action_name=None):
        report = self.get_object()
        project = report.period.project
        if action_name not in REPORT_ACTIONS:
            raise Http404
        if action_name == "save":
            require_perm(request.user, ACT, project)
            serializer = ReportSaveSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.report_save(report=report, actor=request.user, **serializer.validated_data)
            return self._answer(report.pk)
        form = perform(REPORT_ACTIONS[action_name], user=request.user, obj=report, project=project, data=request.data)
        if form.errors:
            raise ValidationError({("non_field_errors" if field == "__all__" else field): list(messages)
                                   for field, messages in form.errors.items()})
        return self._answer(report.pk)

    @extend_schema(summary="Attach evidence (multipart `kind`, `file`, `is_public`); checked by content as "
                           "application attachments", request={"multipart/form-data": EvidenceUploadSerializer},
                   responses={201: ReportEvidenceSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        report = self.get_object()
        require_perm(request.user, ACT, report.period.project)
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = services.evidence_add(report=report, actor=request.user, upload=serializer.validated_data["file"],
                                         kind=serializer.validated_data["kind"],
                                         is_public=serializer.validated_data["is_public"])
        return Response(ReportEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


PROJECT_PARAM = OpenApiParameter("project_pk", int, OpenApiParameter.PATH, description="The project's id.")


@extend_schema_view(
    list=extend_schema(summary="The project's message thread (the organisation and the body's officials; "
                               "observers read)", parameters=[PROJECT_PARAM]),
    create=extend_schema(summary="Write to the project's thread (JSON or multipart with an `attachment`)",
                         parameters=[PROJECT_PARAM], request={"application/json": MessageCreateSerializer,
                                                             "multipart/form-data": MessageCreateSerializer},
                         responses={201: MessageSerializer, **WRITE_ERRORS}))
class ProjectMessageViewSet(SignedInMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = MessageSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _project(self):
        project = get_object_or_404(projects_for_user(self.request.user), pk=self.kwargs["project_pk"])
        if not rules.has_perm("projects.read_messages", self.request.user, project):
            raise PermissionDenied
        return project

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProjectMessage.objects.none()
        return messages_of(self._project())

    def create(self, request, *args, **kwargs):
        project = self._project()
        require_perm(request.user, "projects.post_message", project)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(project=project, actor=request.user, body=serializer.validated_data["body"],
                                        attachment=serializer.validated_data.get("attachment"))
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
