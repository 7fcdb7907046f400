"""The projects API (``/api/v1/projects/...``): the same reads and actions as the pages.

Reads start from ``projects.selectors`` (invisible: 404); each action is one entry of ``projects.actions``
(its permission asked of the project: 403; its form parses the body: 400 naming the field; its service refuses a
rule: 400, or 409 when the state does not allow it)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import ApiMixin, SignedInMixin, errors

from .actions import PROJECT_ACTIONS, TRANCHE_ACTIONS, offered_actions, perform
from .models import ProgressReport, Project, Tranche
from .selectors import money_summary, project_detail, projects_for_user, public_projects

WRITE_ERRORS = errors(400, 401, 403, 404, 409)


class ProjectTrancheSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="planned, due, approved, paid, withheld, cancelled")
    condition = serializers.CharField(read_only=True)

    class Meta:
        model = Tranche
        fields = ["id", "number", "year", "amount", "planned_on", "condition", "condition_period", "status",
                  "payment_order_number", "payment_order_date", "withheld_reason"]


class ProgressReportSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="not_started, draft, submitted, returned, accepted")

    class Meta:
        model = ProgressReport
        fields = ["id", "status", "is_late", "submitted_at", "snapshot_sha256", "return_reasons",
                  "correction_deadline", "accepted_at", "spent_total", "beneficiaries_reached"]


class ReportingPeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    due_on = serializers.DateField()
    report = ProgressReportSerializer()


class AgreementVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    sha256 = serializers.CharField()
    is_current = serializers.BooleanField()
    render_status = serializers.CharField()
    pdf_sha256 = serializers.CharField(help_text="SHA-256 of the PDF (Kazakh then Russian, one file)")
    pdf_kk_sha256 = serializers.CharField(help_text="versions rendered before one file carried both languages")
    pdf_ru_sha256 = serializers.CharField(help_text="versions rendered before one file carried both languages")


class AgreementAmendmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    changes = serializers.JSONField()
    reason = serializers.CharField()
    decision_reason = serializers.CharField()


class AgreementSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    schedule = serializers.CharField()
    budget_move_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    versions = AgreementVersionSerializer(many=True, source="versions.all")
    amendments = AgreementAmendmentSerializer(many=True, source="amendments.all")


class ProjectMoneySerializer(serializers.Serializer):
    awarded = serializers.DecimalField(max_digits=16, decimal_places=2)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    approved = serializers.DecimalField(max_digits=16, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=2)


class ProjectListSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="awarded, contracting, in_progress, final_reporting, "
                                   "evaluating, closed, terminated, declined")
    organization = serializers.CharField(source="organization.name")
    organization_bin = serializers.CharField(source="organization.bin")
    competition = serializers.CharField(source="competition.reference")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "reference", "title", "status", "organization", "organization_bin", "competition",
                  "awarded_amount", "amount", "disbursed", "starts_on", "ends_on", "years"]


class ProjectSerializer(ProjectListSerializer):
    money = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()
    tranches = ProjectTrancheSerializer(many=True, source="tranches.all")
    periods = ReportingPeriodSerializer(many=True, source="periods.all")
    year_decisions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(ProjectListSerializer.Meta):
        fields = ProjectListSerializer.Meta.fields + [
            "funded_amount", "funding_reason", "sign_deadline", "from_reserve", "rank", "snapshot_sha256",
            "unspent_declared", "returned_amount", "returned_on", "recover_amount", "end_reason", "money",
            "agreement", "tranches", "periods", "year_decisions", "actions"]

    @extend_schema_field(ProjectMoneySerializer)
    def get_money(self, project):
        return ProjectMoneySerializer(money_summary(project)).data

    def get_agreement(self, project) -> dict | None:
        agreement = getattr(project, "agreement", None)
        return AgreementSerializer(agreement).data if agreement is not None else None

    def get_year_decisions(self, project) -> list[dict]:
        return [{"year": d.year, "decision": d.decision, "amount": d.amount, "reasons": d.reasons}
                for d in project.year_decisions.all()]

    def get_actions(self, project) -> list[str]:
        """What the requesting user may do now (``POST .../do/<action>/``)."""
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return []
        return sorted(offered_actions(request.user, PROJECT_ACTIONS, project, project))


ACTION_PARAM = OpenApiParameter("action_name", str, OpenApiParameter.PATH, description="The action's name.")


def _perform(request, actions, name, obj, project):
    if name not in actions:
        raise Http404
    form = perform(actions[name], user=request.user, obj=obj, project=project, data=request.data)
    if form.errors:
        raise ValidationError({("non_field_errors" if field == "__all__" else field): list(messages)
                               for field, messages in form.errors.items()})


@extend_schema_view(list=extend_schema(summary="Projects the user may see (own, or of a followed body)"),
                    retrieve=extend_schema(summary="A project: agreement, tranches, reporting calendar, money"))
class ProjectViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # any other id is no project: 404 from the router, not a 500 from the query

    def get_queryset(self):
        return projects_for_user(self.request.user).order_by("-created_at", "-id")

    def get_serializer_class(self):
        return ProjectListSerializer if self.action == "list" else ProjectSerializer

    def get_object(self):
        return project_detail(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(summary="Run an action on the project", parameters=[ACTION_PARAM], request=OpenApiTypes.OBJECT,
                   description="Actions: " + ", ".join(sorted(PROJECT_ACTIONS)) + ". The body holds the action's "
                   "fields (e.g. fund-lower: amount, reason).", responses={200: ProjectSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<action_name>[a-z-]+)")
    def do(self, request, pk=None, action_name=None):
        project = self.get_object()
        _perform(request, PROJECT_ACTIONS, action_name, project, project)
        return Response(ProjectSerializer(self.get_object(), context={"request": request}).data)


@extend_schema_view(list=extend_schema(summary="Tranches of the projects the user may see"),
                    retrieve=extend_schema(summary="A tranche"))
class TrancheViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = ProjectTrancheSerializer

    def get_queryset(self):
        return Tranche.objects.filter(project__in=projects_for_user(self.request.user)).select_related(
            "project__competition").order_by("project_id", "number")

    @extend_schema(summary="Run an action on a tranche", parameters=[ACTION_PARAM], request=OpenApiTypes.OBJECT,
                   description="Actions: " + ", ".join(sorted(TRANCHE_ACTIONS)) + " (pay: payment_order_number, "
                   "payment_order_date; withhold: reason).", responses={200: ProjectTrancheSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<action_name>[a-z-]+)")
    def do(self, request, pk=None, action_name=None):
        tranche = self.get_object()
        _perform(request, TRANCHE_ACTIONS, action_name, tranche, tranche.project)
        tranche.refresh_from_db()
        return Response(ProjectTrancheSerializer(tranche).data)


@extend_schema_view(list=extend_schema(summary="Funded projects (public)"),
                    retrieve=extend_schema(summary="A funded project (public)"))
class PublicProjectViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = ProjectListSerializer

    def get_queryset(self):
        return public_projects().order_by("-created_at", "-id")
