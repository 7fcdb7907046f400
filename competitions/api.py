"""REST API of competitions: the competition itself and its lifecycle, questions and answers, the audit trail.

Reads start from ``competitions.selectors``; writes call ``competitions.services``; permissions are the
``competitions.*`` rules. The rubric of a competition lives in scoring: choosing it is announced with the
``rubric_requested`` signal below, which ``scoring.api`` answers (competitions never imports scoring).
"""

import django_filters
import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch, Q
from django.dispatch import Signal
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.accounts.models import GovernmentBody, Organization
from portal.accounts.selectors import organizations_for_user
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
from portal.audit.models import AuditEvent
from portal.reference.models import PriorityArea, Region

from . import services
from .enums import COMPETITION_TRANSITIONS, CompetitionKind, CompetitionStatus
from .filters import CompetitionFilter
from .forms import required_documents_problems
from .models import Clarification, Competition, RequiredDocument
from .selectors import (
    audit_events_for_competition,
    bodies_acted_for,
    clarifications_for_official,
    competitions_for_user,
    default_body_for,
    effectively_q,
    published_clarifications,
)

# Sent inside the create/update transaction with ``competition``, ``rubric_id`` (a template or a rubric of
# the body to copy) and ``actor``. scoring.api copies it with scoring's own service.
rubric_requested = Signal()


# ------------------------------------------------------------------------------------------------ filters

class CompetitionApiFilter(django_filters.FilterSet):
    """The browser's filters under the API's names: the same text search and "open now" as CompetitionFilter."""

    status = django_filters.MultipleChoiceFilter(
        choices=CompetitionStatus.choices, method="filter_status",
        label=_("Status as readers see it: a published competition past its deadline counts as closed"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), field_name="regions")
    priority_area = django_filters.ModelChoiceFilter(queryset=PriorityArea.objects.all())
    kind = django_filters.ChoiceFilter(choices=CompetitionKind.choices)
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open for applications now"))
    search = django_filters.CharFilter(method="filter_search", label=_("Words in the title, description, reference"))

    class Meta:
        model = Competition
        fields = ["status", "region", "priority_area", "kind", "open", "search"]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for status_value in value:
            condition |= effectively_q(status_value)
        return queryset.filter(condition)

    def filter_open(self, queryset, name, value):
        open_now = CompetitionFilter.filter_phase(self, queryset, "phase", "open")
        return open_now if value else queryset.exclude(pk__in=open_now.values("pk"))

    def filter_search(self, queryset, name, value):
        return CompetitionFilter.filter_text(self, queryset, "q", value)

    @property
    def qs(self):
        return super().qs.distinct()


# -------------------------------------------------------------------------------------------- serializers

class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["document_type", "mandatory", "note"]


class CompetitionSerializer(serializers.ModelSerializer):
    """What everyone who may see a competition reads."""

    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    body = serializers.PrimaryKeyRelatedField(read_only=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)
    divergence_threshold = serializers.DecimalField(source="divergence_threshold_percent", max_digits=5,
                                                    decimal_places=2, read_only=True)
    rubric = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    kind = named_choice_field("CompetitionKind", CompetitionKind.choices, read_only=True)
    status = serializers.ChoiceField(
        source="effective_status", choices=CompetitionStatus.choices, read_only=True,
        help_text=_("As readers see it: a published competition past its deadline is closed."))

    class Meta:
        model = Competition
        fields = [
            "id", "reference", "title", "title_kk", "title_ru", "title_en", "description", "description_kk",
            "description_ru", "description_en", "kind", "status", "body", "priority_area", "regions", "term_type",
            "project_starts_on", "project_ends_on", "project_years", "opens_at", "closes_at", "is_open",
            "evaluation_deadline", "total_budget", "min_amount", "max_amount", "planned_grants",
            "max_applications_per_organization", "requires_ngo_database", "min_organization_age_months",
            "restrict_to_regions", "exclude_bankrupt", "exclude_in_liquidation", "rubric", "experts_per_application",
            "divergence_threshold", "auto_add_expert_on_divergence", "aggregation", "pass_threshold", "winner_rule",
            "tie_breaks", "blind_review", "require_outside_region_expert", "appeal_window_days", "required_documents",
            "published_at", "closed_at", "results_published_at", "cancellation_reason", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_rubric(self, competition) -> int | None:
        """The id of the competition's own (copied) rubric, or null before one is chosen."""
        try:
            return competition.rubric.pk
        except ObjectDoesNotExist:
            return None


class CompetitionWriteSerializer(serializers.ModelSerializer):
    """What an official sends to create or change a draft. Rules are checked by the services."""

    body = serializers.PrimaryKeyRelatedField(queryset=GovernmentBody.objects.all(), required=False,
                                              help_text=_("Needed only when you work for several bodies."))
    title = serializers.CharField(write_only=True, required=False, max_length=300,
                                  help_text=_("Stored as the title in the request's language."))
    description = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                        help_text=_("Stored as the description in the request's language."))
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all(), required=False)
    required_documents = RequiredDocumentSerializer(many=True, required=False)
    divergence_threshold = serializers.DecimalField(source="divergence_threshold_percent", max_digits=5,
                                                    decimal_places=2, required=False, min_value=0, max_value=100)
    kind = named_choice_field("CompetitionKind", CompetitionKind.choices, required=False)
    rubric = serializers.IntegerField(required=False, write_only=True, min_value=1,
                                      help_text=_("A rubric template or a rubric of your body: a copy is attached."))
    tie_breaks = serializers.ListField(child=serializers.CharField(max_length=30), required=False, max_length=10)
    project_years = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999),
                                          required=False, max_length=10)

    class Meta:
        model = Competition
        fields = [
            "body", "title", "title_kk", "title_ru", "title_en", "description", "description_kk", "description_ru",
            "description_en", "kind", "priority_area", "regions", "term_type", "project_starts_on",
            "project_ends_on", "project_years", "opens_at", "closes_at", "evaluation_deadline", "total_budget",
            "min_amount", "max_amount", "planned_grants", "max_applications_per_organization",
            "requires_ngo_database", "min_organization_age_months", "restrict_to_regions", "exclude_bankrupt",
            "exclude_in_liquidation", "rubric", "experts_per_application", "divergence_threshold",
            "auto_add_expert_on_divergence", "aggregation", "pass_threshold", "winner_rule", "tie_breaks",
            "blind_review", "require_outside_region_expert", "appeal_window_days", "required_documents",
        ]

    def validate_required_documents(self, rows):
        problems = required_documents_problems(rows)
        if problems:
            raise ValidationError([str(p) for p in problems])
        return rows

    def validate(self, data):
        language = (get_language() or "ru")[:2]
        language = language if language in ("kk", "ru", "en") else "ru"
        for name in ("title", "description"):
            if name in data:
                data[f"{name}_{language}"] = data.pop(name)
        if self.instance is None:
            missing = [name for name in ("kind", "priority_area", "total_budget", "min_amount", "max_amount",
                                         "opens_at", "closes_at") if name not in data]
            if not any(data.get(f"title_{code}") for code in ("kk", "ru", "en")):
                missing.append("title")
            if missing:
                raise ValidationError({name: [_("This field is required.")] for name in missing})
        return data


def _service_fields(competition, data):
    """The configuration the services take: the current values (for PATCH) overlaid with what was sent."""
    fields = {}
    if competition is not None:
        fields = {name: getattr(competition, name) for name in services.CONFIG_FIELDS}
    fields.update({name: value for name, value in data.items() if name in services.CONFIG_FIELDS})
    return fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.StrictCharField(max_length=4000, validators=[serializers.NOT_BLANK],
                                         help_text=_("Published with the decision."))


class ExtendSerializer(serializers.Serializer):
    closes_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=4000, validators=[serializers.NOT_BLANK])


class QuestionSerializer(serializers.ModelSerializer):
    """A question and, once given, its published answer. The asker is never shown."""

    class Meta:
        model = Clarification
        fields = ["id", "competition", "question", "asked_at", "answer", "answered_at"]
        read_only_fields = fields


class QuestionAskSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=services.QUESTION_MAX_LENGTH)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False,
        help_text=_("Your organisation; needed only when you belong to several."))


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "actor_label", "action", "target_type", "target_id", "target_label",
                  "before", "after", "reason", "seq", "prev_hash", "hash", "sealed_at"]
        read_only_fields = fields


# ------------------------------------------------------------------------------------------------ views

def competition_queryset(user):
    return competitions_for_user(user).select_related("rubric").prefetch_related(
        "regions", Prefetch("required_documents", queryset=RequiredDocument.objects.order_by("order", "id")))


def body_to_act_for(user, body, *, choose_message):
    """The body a create request acts for (competitions here, rubrics in scoring): the one named, which the
    user must act for (``competitions.act_for_body``, else 403); else the official's only body; 403 for
    someone who acts for no body, 400 with ``choose_message`` beside ``body`` when there are several."""
    if body is not None:
        if not rules.has_perm("competitions.act_for_body", user, body):
            raise PermissionDenied(_("You are not an official of this body."))
        return body
    body = default_body_for(user)
    if body is not None:
        return body
    if not bodies_acted_for(user).exists():
        raise PermissionDenied(_("Only officials of a government body do this."))
    raise ValidationError({"body": [choose_message]})


def _competition_response(request, competition, *, code=status.HTTP_200_OK):
    competition = competition_queryset(request.user).get(pk=competition.pk)
    return Response(CompetitionSerializer(competition, context={"request": request}).data, status=code)


LIFECYCLE = errors(400, 401, 403, 404, 409)


@extend_schema_view(
    list=extend_schema(summary="List competitions (drafts only for their body's officials and observers)"),
    retrieve=extend_schema(summary="Read a competition", responses={200: CompetitionSerializer, **errors(404)}),
    create=extend_schema(summary="Create a draft competition (officials)", request=CompetitionWriteSerializer,
                         responses={201: CompetitionSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change a draft competition (officials)", request=CompetitionWriteSerializer,
                                 responses={200: CompetitionSerializer, **LIFECYCLE}),
)
class CompetitionViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = CompetitionSerializer
    filterset_class = CompetitionApiFilter
    ordering_fields = ["closes_at", "opens_at", "published_at", "total_budget", "reference", "created_at"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database, no lazy close
            return Competition.objects.none()
        return competition_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return CompetitionWriteSerializer
        return CompetitionSerializer

    def _choose_rubric(self, competition, rubric_id):
        if rubric_id is not None:
            rubric_requested.send(sender=Competition, competition=competition, rubric_id=rubric_id,
                                  actor=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = CompetitionWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body = body_to_act_for(request.user, data.pop("body", None),
                               choose_message=_("Choose the body the competition belongs to."))
        with transaction.atomic():
            competition = services.competition_create(
                body=body, fields=_service_fields(None, data), regions=data.get("regions", []),
                required_documents=data.get("required_documents", []), actor=request.user)
            self._choose_rubric(competition, data.get("rubric"))
        return _competition_response(request, competition, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        competition = self.get_object()
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = CompetitionWriteSerializer(competition, data=request.data, partial=True,
                                                context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("body", None)
        regions = data.get("regions", list(competition.regions.all()))
        documents = data.get("required_documents", [
            {"document_type": d.document_type, "mandatory": d.mandatory, "note": d.note}
            for d in competition.required_documents.all()])
        with transaction.atomic():
            competition = services.competition_update(competition=competition,
                                                      fields=_service_fields(competition, data), regions=regions,
                                                      required_documents=documents, actor=request.user)
            self._choose_rubric(competition, data.get("rubric"))
        return _competition_response(request, competition)

    def _managed(self, request):
        competition = self.get_object()
        require_perm(request.user, "competitions.manage_competition", competition)
        return competition

    @extend_schema(summary="Publish a draft: every rule is checked, every problem listed", request=None,
                   responses={200: CompetitionSerializer, **LIFECYCLE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        competition = self._managed(request)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.PUBLISHED)
        services.competition_publish(competition=competition, actor=request.user)
        return _competition_response(request, competition)

    @extend_schema(summary="Extend the application deadline (published, before it passes); applicants are told",
                   request=ExtendSerializer, responses={200: CompetitionSerializer, **LIFECYCLE})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        competition = self._managed(request)
        serializer = ExtendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Open or not, and the new deadline against the present one (and the clock): the competition's state.
        with state_conflicts("not_extendable", "extension_refused"):
            services.competition_extend_deadline(competition=competition, actor=request.user,
                                                 **serializer.validated_data)
        return _competition_response(request, competition)

    @extend_schema(summary="Cancel the competition with a published reason", request=ReasonSerializer,
                   responses={200: CompetitionSerializer, **LIFECYCLE})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        competition = self._managed(request)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.CANCELLED)
        services.competition_cancel(competition=competition, reason=serializer.validated_data["reason"],
                                    actor=request.user)
        return _competition_response(request, competition)

    @extend_schema(summary="Close the application window once the deadline has passed (idempotent)", request=None,
                   responses={200: CompetitionSerializer, **LIFECYCLE})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        competition = self._managed(request)
        if competition.status != CompetitionStatus.CLOSED:  # a read after the deadline may have closed it already
            require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                               to=CompetitionStatus.CLOSED)
            services.competition_close_now(competition=competition, actor=request.user)
        return _competition_response(request, competition)


# ----------------------------------------------------------------------------------------------- questions

class CompetitionChildMixin:
    """Views under ``/competitions/{id}/``: the competition comes from the caller's selector (else 404)."""

    def get_competition(self):
        if getattr(self, "swagger_fake_view", False):
            return Competition()
        if not hasattr(self, "_competition"):
            self._competition = visible_or_404(competitions_for_user(self.request.user), pk=self.kwargs["pk"])
        return self._competition


@extend_schema_view(
    get=extend_schema(summary="Questions and published answers of a competition (officials also see unanswered)",
                      responses={200: QuestionSerializer(many=True), **errors(404)}),
    post=extend_schema(summary="Ask a question while the competition is open (members of an NGO)",
                       request=QuestionAskSerializer, responses={201: QuestionSerializer,
                                                                 **errors(400, 401, 403, 404)}),
)
class QuestionListView(ApiMixin, CompetitionChildMixin, GenericAPIView):
    serializer_class = QuestionSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Clarification.objects.none()
        competition = self.get_competition()
        if rules.has_perm("competitions.view_competition_internal", self.request.user, competition):
            return clarifications_for_official(self.request.user, competition=competition)
        return published_clarifications(competition).order_by("answered_at", "id")

    def get(self, request, pk):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(QuestionSerializer(page, many=True).data)

    def post(self, request, pk):
        competition = self.get_competition()
        serializer = QuestionAskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = serializer.validated_data.get("organization")
        mine = list(organizations_for_user(request.user))
        if organization is None:
            if len(mine) != 1:
                if not mine:
                    raise PermissionDenied(_("Only members of an organisation can ask questions."))
                raise ValidationError({"organization": [_("Choose the organisation you ask for.")]})
            organization = mine[0]
        clarification = services.clarification_ask(competition=competition, organization=organization,
                                                   question=serializer.validated_data["question"],
                                                   actor=request.user)
        return Response(QuestionSerializer(clarification).data, status=status.HTTP_201_CREATED)


class QuestionAnswerView(SignedInMixin, GenericAPIView):
    serializer_class = AnswerSerializer

    def get_queryset(self):
        return clarifications_for_official(self.request.user)

    @extend_schema(summary="Answer a question (officials); the answer is published to everyone",
                   request=AnswerSerializer, responses={200: QuestionSerializer, **errors(400, 401, 403, 404)})
    def post(self, request, pk):
        clarification = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "competitions.answer_clarification", clarification.competition)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clarification = services.clarification_answer(clarification=clarification, actor=request.user,
                                                      answer=serializer.validated_data["answer"])
        return Response(QuestionSerializer(clarification).data)


# ----------------------------------------------------------------------------------------------- audit

class AuditFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="startswith")

    class Meta:
        model = AuditEvent
        fields = ["action"]


class CompetitionAuditView(SignedInMixin, CompetitionChildMixin, GenericAPIView):
    serializer_class = AuditEventSerializer
    filterset_class = AuditFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return audit_events_for_competition(self.get_competition())

    @extend_schema(summary="The audit trail of a competition (its officials and observers), oldest first",
                   responses={200: AuditEventSerializer(many=True), **errors(401, 403, 404)})
    def get(self, request, pk):
        require_perm(request.user, "competitions.view_competition_internal", self.get_competition())
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

