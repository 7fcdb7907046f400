"""REST API of applications: the applicant's journey (start, edit with optimistic locking, attach, submit,
withdraw) and the officials' admission decisions (admit, return, reject, start the expert review).

Visibility is ``applications_for_user`` (404 otherwise); who may act is the ``applications.*`` and
``competitions.*`` rules (403); the content rules are the browser's own section forms and the services.
"""

from decimal import Decimal

import django_filters
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from competitions.api import CompetitionSerializer, competition_queryset
from competitions.enums import COMPETITION_TRANSITIONS, CompetitionStatus, DocumentType
from competitions.models import Competition
from competitions.selectors import competitions_for_user
from portal import api_serializers as serializers
from portal.accounts.models import Organization
from portal.accounts.selectors import organizations_for_user, roles_for_user
from portal.api_common import (
    ApiMixin,
    SignedInMixin,
    errors,
    named_choice_field,
    require_perm,
    require_transition,
    state_conflicts,
    visible_or_404,
)
from portal.api_serializers import require_visible
from portal.reference.calendar import working_days_between
from portal.signatures.api import (
    OptionalSignatureSerializer,
    SignatureInputSerializer,
    SignatureSerializer,
    signing_document,
)
from portal.signatures.enums import SignatureKind
from portal.signatures.selectors import signatures_of
from portal.signatures.services import signature_attach, signing_required

from . import services
from .enums import APPLICATION_TRANSITIONS, ApplicationStatus, BudgetCategory
from .forms import (
    FIELD_FORMS,
    MAX_BENEFICIARIES,
    MAX_INDICATOR_VALUE,
    MAX_QUANTITY,
    MAX_ROWS,
    MAX_TEXT,
    MAX_UNIT_COST,
    ROW_FORMSETS,
)
from .models import Activity, Application, Attachment, BudgetLine, Indicator
from .rules import is_member_of_applicant
from .sections import SECTIONS
from .selectors import applications_for_user

# ------------------------------------------------------------------------------------------- serializers

SigningStateSerializer = inline_serializer("ApplicationSigningState", {
    "document_sha256": serializers.CharField(), "signed_content_base64": serializers.CharField(),
    "required": serializers.BooleanField(), "expected_bin": serializers.CharField(),
    "signatures": SignatureSerializer(many=True),
})


class BudgetLineSerializer(serializers.ModelSerializer):
    category = named_choice_field("BudgetCategory", BudgetCategory.choices)
    description = serializers.CharField(max_length=300)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                                        max_value=MAX_QUANTITY)
    unit_cost = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"),
                                         max_value=MAX_UNIT_COST)
    amount = serializers.DecimalField(max_digits=28, decimal_places=2, read_only=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9999,
                                    help_text=_("Multi-year competitions only: one of the competition's project "
                                                "years (400 for any other year, or for a year on a one-year one)."))

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "quantity", "unit_cost", "year", "amount"]


class ActivitySerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=3000)
    expected_result = serializers.CharField(required=False, allow_blank=True, max_length=300)

    class Meta:
        model = Activity
        fields = ["title", "description", "starts_on", "ends_on", "expected_result"]


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=60)
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=Decimal("0"),
                                        max_value=MAX_INDICATOR_VALUE)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"),
                                      max_value=MAX_INDICATOR_VALUE)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]


class AttachmentSerializer(serializers.ModelSerializer):
    document_type = named_choice_field("DocumentType", DocumentType.choices, read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "document_type", "original_name", "content_type", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as its readers see it. In blind review an expert does not see the applicant."""

    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    organization = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "competition", "organization", "status", "registration_number", "title", "summary", "problem",
            "goals", "target_group", "beneficiaries_count", "team", "sustainability", "co_financing",
            "requested_amount", "budget_lines", "activities", "indicators", "attachments", "version",
            "submitted_at", "snapshot_sha256", "return_reasons", "correction_deadline", "decision_reason",
            "awarded_amount", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_organization(self, application) -> int | None:
        """The applicant's id; null for an expert reading a blind-review application."""
        request = self.context.get("request")
        if request is not None and application.competition.blind_review:
            roles = roles_for_user(request.user)
            reads_as_expert_only = (roles.expert_profile_id is not None and not roles.is_admin
                                    and application.organization_id not in roles.organization_ids
                                    and application.competition.body_id not in roles.followed_body_ids)
            if reads_as_expert_only:
                return None
        return application.organization_id


def _text(max_length):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=max_length)


class ApplicationContentSerializer(serializers.Serializer):
    """The content of an application, with the limits of the application pages (``applications/forms.py``)."""

    title = _text(300)
    summary = _text(3000)
    problem = _text(MAX_TEXT)
    goals = _text(MAX_TEXT)
    target_group = _text(MAX_TEXT)
    beneficiaries_count = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                   max_value=MAX_BENEFICIARIES)
    team = _text(MAX_TEXT)
    sustainability = _text(MAX_TEXT)
    co_financing = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True,
                                            min_value=Decimal("0"), max_value=MAX_UNIT_COST)
    budget_lines = BudgetLineSerializer(many=True, required=False, max_length=MAX_ROWS)
    activities = ActivitySerializer(many=True, required=False, max_length=MAX_ROWS)
    indicators = IndicatorSerializer(many=True, required=False, max_length=MAX_ROWS)


class ApplicationCreateSerializer(ApplicationContentSerializer):
    """A new draft, with any of the content a PATCH takes (saved at once, all or nothing)."""

    competition = serializers.PrimaryKeyRelatedField(queryset=Competition.objects.all())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False,
        help_text=_("Your organisation; needed only when you belong to several."))

    def validate_competition(self, competition):
        return require_visible(competitions_for_user(self.context["request"].user), competition, field="competition")


class ApplicationUpdateSerializer(ApplicationContentSerializer):
    """A partial change of a draft (or a returned application). ``version`` is the one you read: if the
    application changed since, nothing is saved and the answer is 409. Lists given replace the lines."""

    version = serializers.IntegerField(min_value=1)


class AttachmentUploadSerializer(serializers.Serializer):
    document_type = named_choice_field("DocumentType", DocumentType.choices)
    file = serializers.FileField(allow_empty_file=True)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReturnReasonSerializer(serializers.Serializer):
    item = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reason = serializers.CharField(max_length=2000)


class ReturnSerializer(serializers.Serializer):
    reasons = ReturnReasonSerializer(many=True, allow_empty=False,
                                     help_text=_("What must be corrected, one entry per item."))
    correction_deadline = serializers.DateField(
        required=False, help_text=_("The last day (Astana time) for the correction; counted in working days."))
    working_days = serializers.IntegerField(required=False, min_value=1, max_value=30,
                                            help_text=_("Instead of a date: working days from today (default 3)."))


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, validators=[serializers.NOT_BLANK])


# ---------------------------------------------------------------------------------------- section payloads

def _form_errors(form):
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def section_payloads(application, data):
    """``[(section key, payload)]`` for the sections ``data`` touches, validated by the browser's own section
    forms (so the API accepts exactly what the pages accept). Raises ValidationError with every problem."""
    years = application.competition.project_years or []
    payloads, problems = [], {}
    for section in SECTIONS:
        if section.is_documents:
            continue
        if section.is_rows:
            if section.rows not in data:
                continue
            form_class = ROW_FORMSETS[section.rows].form
            rows, row_errors = [], {}
            for index, row in enumerate(data[section.rows]):
                form = form_class(data={k: v for k, v in row.items() if v is not None}, years=years)
                refused = {key: [_("This competition is not multi-year: leave the year out.")]
                           for key, value in row.items() if value is not None and key not in form.fields}
                if form.is_valid() and not refused:
                    rows.append(form.cleaned_data)
                else:
                    row_errors[str(index)] = {**_form_errors(form), **refused}
            if row_errors:
                problems[section.rows] = row_errors
            else:
                payloads.append((section.key, {"rows": rows}))
            continue
        given = [name for name in section.fields if name in data]
        if not given:
            continue
        values = {name: getattr(application, name) for name in section.fields}
        values.update({name: data[name] for name in given})
        form = FIELD_FORMS[section.key](data={"version": application.version,
                                              **{k: v for k, v in values.items() if v is not None}})
        if form.is_valid():
            payloads.append((section.key, {name: form.cleaned_data.get(name) for name in given}))
        else:
            problems.update({k: v for k, v in _form_errors(form).items() if k in given})
    if problems:
        raise ValidationError(problems)
    return payloads


# ------------------------------------------------------------------------------------------------ views

class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)

    class Meta:
        model = Application
        fields = ["competition", "organization", "status"]


def application_queryset(user):
    return applications_for_user(user).prefetch_related("budget_lines", "activities", "indicators", "attachments")


DECISION = errors(400, 401, 403, 404, 409)


@extend_schema_view(
    list=extend_schema(summary="List the applications you may see (your organisations', your body's, assigned)"),
    retrieve=extend_schema(summary="Read an application", responses={200: ApplicationSerializer, **errors(401, 404)}),
    create=extend_schema(summary="Start a draft application to an open competition (NGO members)",
                         request=ApplicationCreateSerializer,
                         responses={201: ApplicationSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change a draft; `version` must be the one you read, else 409",
                                 request=ApplicationUpdateSerializer,
                                 responses={200: ApplicationSerializer, **DECISION}),
)
class ApplicationViewSet(SignedInMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ["created_at", "submitted_at", "registration_number", "requested_amount", "updated_at"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return application_queryset(self.request.user)

    def get_serializer_class(self):
        return {"create": ApplicationCreateSerializer,
                "partial_update": ApplicationUpdateSerializer}.get(self.action, ApplicationSerializer)

    def _answer(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationSerializer(application, context={"request": self.request}).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = ApplicationCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        content = dict(serializer.validated_data)
        competition, organization = content.pop("competition"), content.pop("organization", None)
        mine = list(organizations_for_user(request.user))
        if not mine:
            raise PermissionDenied(_("Only members of an organisation can apply."))
        if organization is None:
            if len(mine) > 1:
                raise ValidationError({"organization": [_("Choose the organisation that applies.")]})
            organization = mine[0]
        elif organization not in mine:
            raise PermissionDenied(_("You are not a member of this organisation."))
        with transaction.atomic():  # the draft and its content, or nothing
            application = services.application_start(competition=competition, organization=organization,
                                                     actor=request.user)
            self._save_content(application, content, application.version)
        return self._answer(application, status.HTTP_201_CREATED)

    def _save_content(self, application, content, version):
        for key, payload in section_payloads(application, content):
            application = services.application_save_section(application=application, section=key, data=payload,
                                                            version=version, actor=self.request.user)
            version = application.version
        return application

    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        require_perm(request.user, "applications.change_application", application)
        serializer = ApplicationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        with transaction.atomic():
            if not data:  # nothing sent: the version is still checked (409 when stale)
                services.application_save_section(application=application, section="project", data={},
                                                  version=version, actor=request.user)
            application = self._save_content(application, data, version)
        return self._answer(application)

    @extend_schema(summary="Attach a document (multipart `document_type`, `file`); checked by content",
                   request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: AttachmentSerializer, **DECISION})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        application = self.get_object()
        require_perm(request.user, "applications.change_application", application)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_add(application=application, actor=request.user,
                                             document_type=serializer.validated_data["document_type"],
                                             uploaded=serializer.validated_data["file"])
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Submit: every problem listed at once, or a registration number and a snapshot hash. "
                           "Optionally with the EDS signature (`cms`, `document_sha256` from GET signature/); "
                           "required where SIGNATURE_REQUIRED says so",
                   request=OptionalSignatureSerializer, responses={200: ApplicationSerializer, **DECISION})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def submit(self, request, pk=None):
        application = self.get_object()
        if not is_member_of_applicant(request.user, application):
            raise PermissionDenied
        require_transition(table=APPLICATION_TRANSITIONS, kind="application", current=application.status,
                           to=ApplicationStatus.SUBMITTED, repeatable=True)
        signed = OptionalSignatureSerializer(data=request.data)
        signed.is_valid(raise_exception=True)
        services.application_submit(application=application, actor=request.user, signature=signed.signature())
        return self._answer(application)

    @extend_schema(methods=["GET"], summary="What to sign with EDS now (the content hash) and the signatures so far",
                   responses={200: SigningStateSerializer, **errors(401, 404)})
    @extend_schema(methods=["POST"], summary="Attach an EDS signature over the current content hash (members; "
                                             "certificate of the organisation's BIN carrying your IIN)",
                   request=SignatureInputSerializer, responses={201: SignatureSerializer, **DECISION})
    @action(detail=True, methods=["get", "post"])
    def signature(self, request, pk=None):
        application = self.get_object()
        if request.method == "GET":
            return Response(signing_document(
                services.application_content_sha256(application),
                required=signing_required(SignatureKind.APPLICATION), expected_bin=application.organization.bin,
                signatures=SignatureSerializer(signatures_of(application, kind=SignatureKind.APPLICATION),
                                               many=True).data))
        require_perm(request.user, "applications.change_application", application)
        serializer = SignatureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signature = signature_attach(target=application, kind=SignatureKind.APPLICATION, actor=request.user,
                                     document_sha256=serializer.validated_data["document_sha256"],
                                     cms=serializer.validated_data["cms"])
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Withdraw a submitted application before the deadline", request=WithdrawSerializer,
                   responses={200: ApplicationSerializer, **DECISION})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        if not is_member_of_applicant(request.user, application):
            raise PermissionDenied
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=APPLICATION_TRANSITIONS, kind="application", current=application.status,
                           to=ApplicationStatus.WITHDRAWN, repeatable=True)
        services.application_withdraw(application=application, actor=request.user,
                                      reason=serializer.validated_data.get("reason", ""))
        return self._answer(application)

    def _decided(self, request, to):
        application = self.get_object()
        require_perm(request.user, "competitions.manage_competition", application.competition)
        require_transition(table=APPLICATION_TRANSITIONS, kind="application", current=application.status, to=to)
        return application

    @extend_schema(summary="Admit a submitted application to expert review (officials, closed competition)",
                   request=None, responses={200: ApplicationSerializer, **DECISION})
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        application = self._decided(request, ApplicationStatus.ADMITTED)
        with state_conflicts("admission_not_open"):  # the competition's stage, not the request
            services.application_admit(application=application, actor=request.user)
        return self._answer(application)

    @extend_schema(summary="Return for correction with reasons and a correction deadline (officials)",
                   request=ReturnSerializer, responses={200: ApplicationSerializer, **DECISION})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        application = self._decided(request, ApplicationStatus.RETURNED)
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        working_days = data.get("working_days", 3)
        if "correction_deadline" in data:
            working_days = working_days_between(timezone.localdate(), data["correction_deadline"])
            if working_days < 1:
                raise ValidationError({"correction_deadline": [_("Give a working day after today.")]})
        with state_conflicts("admission_not_open", "already_decided"):  # the competition's stage, not the request
            services.application_return(application=application, reasons=data["reasons"],
                                         working_days=working_days, actor=request.user)
        return self._answer(application)

    @extend_schema(summary="Do not admit, with the reason the applicant reads (officials)", request=RejectSerializer,
                   responses={200: ApplicationSerializer, **DECISION})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self._decided(request, ApplicationStatus.REJECTED)
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("admission_not_open", "already_decided"):  # the competition's stage, not the request
            services.application_reject(application=application, reason=serializer.validated_data["reason"],
                                        actor=request.user)
        return self._answer(application)


class StartReviewView(ApiMixin, GenericAPIView):
    """``closed -> under_review`` once every application has its admission decision."""

    serializer_class = CompetitionSerializer

    @extend_schema(summary="Start the expert review (officials): every application must have its admission decision",
                   request=None, responses={200: CompetitionSerializer, **DECISION})
    def post(self, request, pk):
        competition = visible_or_404(competitions_for_user(request.user), pk=pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.UNDER_REVIEW)
        services.competition_start_review(competition=competition, actor=request.user)
        competition = competition_queryset(request.user).get(pk=competition.pk)
        return Response(CompetitionSerializer(competition, context={"request": request}).data)
