"""REST API of the review: rubrics, the expert register and pool, assignments (manual and automatic), conflict
declarations, evaluations, the ranking, reports, published results and appeals.

Reads start from ``scoring.selectors`` / ``scoring.results_selectors`` (and the competitions' and applications'
selectors for what the caller may see: 404 otherwise); permissions are the ``scoring.*`` rules (403); every
write is a ``scoring.services`` function. Nothing here computes a score, a rank or a conflict.
"""

from decimal import Decimal

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from applications.rules import is_member_of_applicant
from applications.selectors import applications_for_user
from competitions.api import rubric_requested
from competitions.enums import COMPETITION_TRANSITIONS, CompetitionStatus
from competitions.models import Competition
from competitions.selectors import competitions_for_user
from portal.accounts.models import ExpertProfile, GovernmentBody
from portal.accounts.selectors import roles_for_user
from portal.api_common import (
    ApiMixin,
    SignedInMixin,
    StateConflict,
    errors,
    named_choice_field,
    require_perm,
    require_transition,
    state_conflicts,
    visible_or_404,
)
from portal.audit.services import chain_head_for_scope, scope_of

from . import services
from .enums import ASSIGNMENT_TRANSITIONS, AppealStatus, AssignmentStatus, ConflictType, ReportFormat, ReportStatus
from .models import Appeal, Assignment, AutoAssignmentProposal, Criterion, Evaluation, PoolMember, Report, Rubric
from .ranking import compute_ranking
from .results_selectors import published_snapshot
from .rules import owns_assignment
from .selectors import (
    assignments_for_expert,
    competitions_for_review,
    expert_register_for_user,
    pool_for_competition,
    proposals_for_competition,
    rubrics_for_user,
)

SCORE = {"max_digits": None, "decimal_places": 3}
MONEY = {"max_digits": None, "decimal_places": 2}
ERRORS = errors(400, 401, 403, 404, 409)


def _competition(request, pk):
    """A competition the caller may see (404 otherwise)."""
    return visible_or_404(competitions_for_user(request.user), pk=pk)


# ------------------------------------------------------------------------------------------------ rubrics

class CriterionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text=_("Give the id to keep a criterion when editing."))
    order = serializers.IntegerField(read_only=True)
    guidance = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text=_('Score bands: [{"from": 0, "to": 3, "text": "..."}].'))
    min_score = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("0"))
    max_score = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("10"))
    step = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("1"))
    weight = serializers.DecimalField(max_digits=6, decimal_places=3, required=False, default=Decimal("1"))
    min_required = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True,
                                            default=None)

    class Meta:
        model = Criterion
        fields = ["id", "order", "title", "description", "guidance", "min_score", "max_score", "step", "weight",
                  "min_required", "comment_required"]

    def validate_guidance(self, bands):
        for band in bands:
            if not {"from", "to", "text"} <= set(band):
                raise ValidationError(_('Each band needs "from", "to" and "text".'))
            try:
                Decimal(str(band["from"]))
                Decimal(str(band["to"]))
            except ArithmeticError as error:
                raise ValidationError(_("Band limits must be numbers.")) from error
        return bands


class RubricSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "name", "description", "is_template", "body", "competition", "version", "previous_version",
                  "copied_from", "suggested_pass_threshold", "is_locked", "locked_at", "criteria", "created_at"]
        read_only_fields = fields


class RubricWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    suggested_pass_threshold = serializers.DecimalField(max_digits=8, decimal_places=2, required=False,
                                                        allow_null=True)
    is_template = serializers.BooleanField(required=False, default=False,
                                           help_text=_("Administrators only: a template every body may copy."))
    body = serializers.PrimaryKeyRelatedField(queryset=GovernmentBody.objects.all(), required=False,
                                              help_text=_("Needed only when you work for several bodies."))
    criteria = CriterionSerializer(many=True)


def _criteria_rows(criteria):
    return [{**row, "guidance": row.get("guidance") or [], "description": row.get("description", "")}
            for row in criteria]


@extend_schema_view(
    list=extend_schema(summary="Rubrics you may use: templates and your body's rubrics (officials)"),
    retrieve=extend_schema(summary="Read a rubric with its criteria", responses={200: RubricSerializer,
                                                                                 **errors(401, 404)}),
    create=extend_schema(summary="Create a rubric (officials; templates: administrators)",
                         request=RubricWriteSerializer, responses={201: RubricSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change a rubric that no published competition locks",
                                 request=RubricWriteSerializer, responses={200: RubricSerializer, **ERRORS}),
)
class RubricViewSet(SignedInMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = RubricSerializer
    filterset_fields = ["is_template", "body", "competition"]
    ordering_fields = ["name", "version", "created_at"]
    ordering = ["name", "version", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return rubrics_for_user(self.request.user).prefetch_related("criteria")

    def get_serializer_class(self):
        return RubricWriteSerializer if self.action in ("create", "partial_update") else RubricSerializer

    def _answer(self, rubric, code=status.HTTP_200_OK):
        return Response(RubricSerializer(self.get_queryset().get(pk=rubric.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "scoring.add_rubric")
        serializer = RubricWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        roles = roles_for_user(request.user)
        body = data.get("body")
        if data["is_template"]:
            if not roles.is_admin:
                raise PermissionDenied(_("Only administrators make templates."))
            body = None
        elif body is not None:
            if not (roles.is_admin or body.pk in roles.official_body_ids):
                raise PermissionDenied(_("You are not an official of this body."))
        elif len(roles.official_body_ids) == 1:
            body = GovernmentBody.objects.get(pk=next(iter(roles.official_body_ids)))
        elif not roles.is_admin:
            raise ValidationError({"body": [_("Choose the body the rubric belongs to.")]})
        rubric = services.rubric_create(name=data["name"], description=data.get("description", ""), body=body,
                                        is_template=data["is_template"], criteria=_criteria_rows(data["criteria"]),
                                        suggested_pass_threshold=data.get("suggested_pass_threshold"),
                                        actor=request.user)
        return self._answer(rubric, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        rubric = self.get_object()
        require_perm(request.user, "scoring.change_rubric", rubric)
        serializer = RubricWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        criteria = data.get("criteria")
        if criteria is None:
            criteria = [{"id": c.pk, **{name: getattr(c, name) for name in services.CRITERION_FIELDS}}
                        for c in rubric.criteria.all()]
        with state_conflicts("rubric_locked"):
            rubric = services.rubric_update(
                rubric=rubric, actor=request.user, name=data.get("name", rubric.name),
                description=data.get("description", rubric.description), criteria=_criteria_rows(criteria),
                suggested_pass_threshold=data.get("suggested_pass_threshold", rubric.suggested_pass_threshold))
        return self._answer(rubric)


@receiver(rubric_requested, dispatch_uid="scoring.api.choose_rubric")
def choose_competition_rubric(sender, competition, rubric_id, actor, **kwargs):
    """``rubric`` sent with a competition: copy that template or body rubric into the competition."""
    source = rubrics_for_user(actor).filter(pk=rubric_id).first()
    if source is None:
        raise ValidationError({"rubric": [_("No such rubric among the templates and your body's rubrics.")]})
    with state_conflicts("competition_not_draft", "rubric_locked"):
        services.competition_rubric_choose(competition=competition, source=source, actor=actor)


# ------------------------------------------------------------------------------------------ expert register

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
    priority_area = django_filters.NumberFilter(field_name="priority_areas")
    region = django_filters.NumberFilter(field_name="regions")

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


# ------------------------------------------------------------------------------------------------- pool

class PoolMemberSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="expert.user.email", read_only=True)

    class Meta:
        model = PoolMember
        fields = ["expert", "user_email", "is_reserve", "added_at"]
        read_only_fields = fields


class PoolAddSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(many=True, queryset=ExpertProfile.objects.all())
    reserve = serializers.BooleanField(required=False, default=False)


class CompetitionPoolView(SignedInMixin, GenericAPIView):
    serializer_class = PoolMemberSerializer
    filter_backends = []

    def get_queryset(self):
        return PoolMember.objects.none()

    @extend_schema(summary="The expert pool of a competition (officials and observers)",
                   responses={200: PoolMemberSerializer(many=True), **errors(401, 403, 404)})
    def get(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.view_review", competition)
        page = self.paginate_queryset(pool_for_competition(competition))
        return self.get_paginated_response(PoolMemberSerializer(page, many=True).data)

    @extend_schema(summary="Add experts to the pool (officials); `reserve` experts fill freed slots",
                   request=PoolAddSerializer, responses={200: PoolMemberSerializer(many=True), **ERRORS})
    def post(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.manage_review", competition)
        serializer = PoolAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        members = services.pool_add(competition=competition, experts=serializer.validated_data["experts"],
                                    is_reserve=serializer.validated_data["reserve"], actor=request.user)
        return Response(PoolMemberSerializer(members, many=True).data)


# ------------------------------------------------------------------------------------------- assignments

class DeclarationSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    conflict_type = serializers.CharField()
    note = serializers.CharField()
    declared_at = serializers.DateTimeField()


class AssignmentSerializer(serializers.ModelSerializer):
    competition = serializers.IntegerField(source="application.competition_id", read_only=True)
    registration_number = serializers.CharField(source="application.registration_number", read_only=True)
    status = named_choice_field("AssignmentStatus", AssignmentStatus.choices, read_only=True)
    declaration = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "application", "competition", "registration_number", "expert", "status", "due_on",
                  "is_reserve", "created_at", "status_changed_at", "declaration"]
        read_only_fields = fields

    @extend_schema_field(DeclarationSerializer(allow_null=True))
    def get_declaration(self, assignment) -> dict | None:
        try:
            declaration = assignment.declaration
        except ObjectDoesNotExist:
            return None
        return {"has_conflict": declaration.has_conflict, "conflict_type": declaration.conflict_type,
                "note": declaration.note, "declared_at": serializers.DateTimeField().to_representation(
                    declaration.declared_at)}


class AssignmentCreateSerializer(serializers.Serializer):
    application = serializers.IntegerField(min_value=1)
    expert = serializers.PrimaryKeyRelatedField(queryset=ExpertProfile.objects.all())
    due_on = serializers.DateField(required=False)


class DeclareSerializer(serializers.Serializer):
    conflict = serializers.BooleanField(help_text=_("true: you have a conflict of interest and step back."))
    conflict_type = serializers.ChoiceField(choices=ConflictType.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


def assignments_queryset(user):
    """The caller's own assignments (experts) and those of the competitions they follow (officials, observers)."""
    own = assignments_for_expert(user)
    followed = Assignment.objects.filter(application__competition__in=competitions_for_review(user))
    return (own | followed).select_related("application", "declaration").distinct().order_by("id")


class AssignmentFilter(django_filters.FilterSet):
    competition = django_filters.NumberFilter(field_name="application__competition")
    status = django_filters.MultipleChoiceFilter(choices=AssignmentStatus.choices)

    class Meta:
        model = Assignment
        fields = ["competition", "application", "expert", "status"]


@extend_schema_view(
    list=extend_schema(summary="Assignments: your own (experts), or those of your body's competitions (officials)"),
    retrieve=extend_schema(summary="Read an assignment", responses={200: AssignmentSerializer, **errors(401, 404)}),
    create=extend_schema(summary="Assign one expert to one admitted application (officials)",
                         request=AssignmentCreateSerializer, responses={201: AssignmentSerializer, **ERRORS}),
)
class AssignmentViewSet(SignedInMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["id", "due_on", "created_at"]

    def get_queryset(self):
        return assignments_queryset(self.request.user)

    def get_serializer_class(self):
        return AssignmentCreateSerializer if self.action == "create" else AssignmentSerializer

    def create(self, request, *args, **kwargs):
        serializer = AssignmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = applications_for_user(request.user).filter(pk=data["application"]).first()
        if application is None:
            raise ValidationError({"application": [_("No such application.")]})
        require_perm(request.user, "scoring.manage_review", application.competition)
        with state_conflicts("competition_not_under_review", "application_not_admitted", "assignment_exists"):
            assignment = services.assignment_create(application=application, expert=data["expert"],
                                                    due_on=data.get("due_on"), actor=request.user)
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data,
                        status=status.HTTP_201_CREATED)


class DeclareView(SignedInMixin, GenericAPIView):
    serializer_class = DeclareSerializer

    def get_queryset(self):
        return assignments_queryset(self.request.user)

    @extend_schema(summary="Declare a conflict of interest, or its absence, before reading the bid (the expert)",
                   request=DeclareSerializer, responses={200: AssignmentSerializer, **ERRORS})
    def post(self, request, pk):
        assignment = visible_or_404(self.get_queryset(), pk=pk)
        if not owns_assignment(request.user, assignment):
            raise PermissionDenied
        serializer = DeclareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with state_conflicts("declaration_exists", "assignment_not_offered"):
            services.conflict_declare(assignment=assignment, actor=request.user, has_conflict=data["conflict"],
                                      conflict_type=data.get("conflict_type", ""), note=data.get("note", ""))
        return Response(AssignmentSerializer(self.get_queryset().get(pk=pk)).data)


# ------------------------------------------------------------------------------------ automatic assignment

class AutoAssignSerializer(serializers.Serializer):
    seed = serializers.IntegerField(required=False, default=0, min_value=0, max_value=2**31 - 1)
    max_load = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000,
                                        help_text=_("At most this many applications per expert."))


class ProposalSerializer(serializers.ModelSerializer):
    pairs = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()), read_only=True,
                                  help_text=_("[expert id, application id] pairs."))
    stats = serializers.DictField(read_only=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = AutoAssignmentProposal
        fields = ["id", "competition", "kind", "seed", "max_load", "require_outside_region", "pairs", "stats",
                  "created_at", "confirmed_at", "due_on", "assignments"]
        read_only_fields = fields

    def get_assignments(self, proposal) -> list[int]:
        """Once confirmed: the ids of the assignments made."""
        if proposal.confirmed_at is None:
            return []
        pairs = {tuple(p) for p in proposal.pairs}
        rows = Assignment.objects.filter(application__competition_id=proposal.competition_id).values_list(
            "pk", "expert_id", "application_id")
        return sorted(pk for pk, e, a in rows if (e, a) in pairs)


class ConfirmSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False, help_text=_("Default: the competition's evaluation deadline."))


class AutoAssignView(SignedInMixin, GenericAPIView):
    serializer_class = AutoAssignSerializer

    @extend_schema(summary="Propose an automatic assignment (min-cost flow): k experts per admitted application",
                   request=AutoAssignSerializer, responses={201: ProposalSerializer, **ERRORS})
    def post(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.manage_review", competition)
        serializer = AutoAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("competition_not_under_review", "nothing_to_assign"):
            proposal = services.assignment_propose(competition=competition, actor=request.user,
                                                   seed=serializer.validated_data["seed"],
                                                   max_load=serializer.validated_data.get("max_load"))
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class AutoAssignConfirmView(SignedInMixin, GenericAPIView):
    serializer_class = ConfirmSerializer

    @extend_schema(summary="Confirm a proposal: its assignments are made (all or nothing) and experts notified",
                   request=ConfirmSerializer, responses={200: ProposalSerializer, **ERRORS})
    def post(self, request, pk, proposal_id):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.manage_review", competition)
        proposal = visible_or_404(proposals_for_competition(competition), pk=proposal_id)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("competition_not_under_review", "proposal_stale"):
            services.assignment_proposal_confirm(proposal=proposal, actor=request.user,
                                                 due_on=serializer.validated_data.get("due_on"))
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data)


# ------------------------------------------------------------------------------------------- evaluations

class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ScoreReadSerializer(ScoreSerializer):
    order = serializers.IntegerField()
    title = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    scores = ScoreReadSerializer(many=True)
    comment = serializers.CharField(allow_blank=True)
    total = serializers.DecimalField(max_digits=None, decimal_places=3, allow_null=True,
                                     help_text=_("Weighted total (read-only), computed by the portal."))
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class EvaluationWriteSerializer(serializers.Serializer):
    scores = ScoreSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text=_("The version you read; a different one answers 409."))


def _evaluation_data(assignment):
    evaluation = Evaluation.objects.filter(assignment=assignment).first()
    criteria = list(Criterion.objects.filter(rubric__competition_id=assignment.application.competition_id)
                    .order_by("order"))
    stored = {s.criterion_id: s for s in evaluation.scores.all()} if evaluation else {}
    return {
        "assignment": assignment.pk,
        "scores": [{"criterion": c.pk, "order": c.order, "title": c.title,
                    "value": stored[c.pk].value if c.pk in stored else None,
                    "comment": stored[c.pk].comment if c.pk in stored else ""} for c in criteria],
        "comment": evaluation.comment if evaluation else "",
        "total": evaluation.total if evaluation else None,
        "version": evaluation.version if evaluation else 0,
        "submitted_at": evaluation.submitted_at if evaluation else None,
    }


class EvaluationView(SignedInMixin, GenericAPIView):
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return assignments_queryset(self.request.user)

    def _assignment(self, pk):
        return visible_or_404(self.get_queryset().select_related("application__competition"), pk=pk)

    @extend_schema(summary="Read the evaluation (the expert; the body's officials)",
                   responses={200: EvaluationSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        assignment = self._assignment(pk)
        if not (request.user.has_perm("scoring.read_application", assignment)
                or request.user.has_perm("scoring.manage_review", assignment.application.competition)):
            raise PermissionDenied
        return Response(EvaluationSerializer(_evaluation_data(assignment)).data)

    @extend_schema(summary="Save the draft evaluation: a score and a comment per criterion (the expert)",
                   request=EvaluationWriteSerializer, responses={200: EvaluationSerializer, **ERRORS})
    def put(self, request, pk):
        assignment = self._assignment(pk)
        if not owns_assignment(request.user, assignment):
            raise PermissionDenied
        if not request.user.has_perm("scoring.score", assignment):
            raise StateConflict(_("assignment"), assignment.get_status_display())
        serializer = EvaluationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scores = {row["criterion"]: (row["value"], row.get("comment", "")) for row in data["scores"]}
        with state_conflicts("evaluation_read_only"):
            services.evaluation_save_draft(assignment=assignment, actor=request.user, scores=scores,
                                           comment=data.get("comment", ""), version=data.get("version"))
        return Response(EvaluationSerializer(_evaluation_data(assignment)).data)


class EvaluationSubmitView(SignedInMixin, GenericAPIView):
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return assignments_queryset(self.request.user)

    @extend_schema(summary="Submit the evaluation once every criterion is scored (then read-only)", request=None,
                   responses={200: EvaluationSerializer, **ERRORS})
    def post(self, request, pk):
        assignment = visible_or_404(self.get_queryset().select_related("application__competition"), pk=pk)
        if not owns_assignment(request.user, assignment):
            raise PermissionDenied
        require_transition(table=ASSIGNMENT_TRANSITIONS, kind="assignment", current=assignment.status,
                           to=AssignmentStatus.SUBMITTED, repeatable=True)
        services.evaluation_submit(assignment=assignment, actor=request.user)
        assignment.refresh_from_db()
        return Response(EvaluationSerializer(_evaluation_data(assignment)).data)


# ----------------------------------------------------------------------------------------------- ranking

class RankingRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    registration_number = serializers.CharField()
    organization = serializers.CharField()
    title = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.DecimalField(**SCORE)
    criterion_means = serializers.DictField(child=serializers.DecimalField(**SCORE),
                                            help_text=_("Mean per criterion, keyed by the criterion's order."))
    expert_totals = serializers.ListField(child=serializers.DecimalField(**SCORE))
    divergent = serializers.BooleanField()
    z_score = serializers.DecimalField(allow_null=True, **SCORE)
    requested_amount = serializers.DecimalField(**MONEY)
    outcome = serializers.CharField()
    awarded_amount = serializers.DecimalField(allow_null=True, **MONEY)
    tie_breaks = serializers.ListField(child=serializers.DictField(),
                                       help_text=_("Each tie with a neighbour: the rule that decided and both values."))


class RankingSerializer(serializers.Serializer):
    competition = serializers.IntegerField()
    status = serializers.CharField()
    can_freeze = serializers.BooleanField()
    blockers = serializers.ListField(child=serializers.DictField())
    summary = serializers.DictField()
    rows = RankingRowSerializer(many=True)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def ranking_data(ranking):
    return {
        "competition": ranking.competition.pk,
        "status": ranking.competition.status,
        "can_freeze": ranking.can_freeze,
        "blockers": _plain(ranking.blockers),
        "summary": _plain(ranking.summary),
        "rows": [{
            "application": row.application_id, "registration_number": row.registration_number,
            "organization": row.organization, "title": row.title, "rank": row.rank, "score": row.score,
            "criterion_means": {str(k): v for k, v in row.aggregate.criterion_means.items()},
            "expert_totals": list(row.aggregate.totals), "divergent": row.aggregate.divergent,
            "z_score": row.aggregate.z_score, "requested_amount": row.requested_amount,
            "outcome": str(row.outcome), "awarded_amount": row.awarded_amount,
            "tie_breaks": _plain(row.tie_breaks),
        } for row in ranking.rows],
    }


class SnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competition = serializers.IntegerField(source="competition_id")
    number = serializers.IntegerField()
    sha256 = serializers.CharField()
    frozen_at = serializers.DateTimeField()


class FreezeSerializer(serializers.Serializer):
    divergence_note = serializers.CharField(required=False, allow_blank=True, max_length=4000, help_text=_(
        "How divergent scores without an additional expert were resolved (required when there are any)."))


class RankingView(SignedInMixin, GenericAPIView):
    serializer_class = RankingSerializer

    @extend_schema(summary="The live ranking, computed now from the submitted evaluations (officials)",
                   responses={200: RankingSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.view_live_ranking", competition)
        return Response(RankingSerializer(ranking_data(compute_ranking(competition))).data)


class RankingFreezeView(SignedInMixin, GenericAPIView):
    serializer_class = FreezeSerializer

    @extend_schema(summary="Freeze the ranking: a snapshot with its SHA-256; the competition becomes ranked",
                   request=FreezeSerializer, responses={201: SnapshotSerializer, **ERRORS})
    def post(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.view_live_ranking", competition)
        serializer = FreezeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.RANKED)
        try:
            snapshot = services.ranking_freeze(competition=competition, actor=request.user,
                                               divergence_note=serializer.validated_data.get("divergence_note", ""))
        except services.RankingBlocked as blocked:
            return Response({"detail": str(blocked), "code": blocked.code, "blockers": _plain(blocked.blockers)},
                            status=status.HTTP_409_CONFLICT)
        return Response(SnapshotSerializer(snapshot).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------------------------- reports

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
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.request_report", competition)
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        snapshot = competition.ranking_snapshots.filter(is_current=True).first()
        if snapshot is None:
            raise StateConflict(_("competition"), competition.get_status_display())
        report = services.report_request(snapshot=snapshot, format=serializer.validated_data["format"],
                                         actor=request.user)
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


def reports_queryset(user):
    return Report.objects.filter(snapshot__competition__in=competitions_for_review(user)).select_related(
        "snapshot__competition")


class ReportView(SignedInMixin, GenericAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        return reports_queryset(self.request.user)

    @extend_schema(summary="A report's status and progress (queued, running, done, failed) and its SHA-256",
                   responses={200: ReportSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        report = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "scoring.view_report", report)
        return Response(ReportSerializer(report).data)


CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class ReportDownloadView(SignedInMixin, GenericAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        return reports_queryset(self.request.user)

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
        require_perm(request.user, "scoring.view_report", report)
        if report.status != ReportStatus.DONE or not report.file:
            raise StateConflict(_("report"), report.get_status_display())
        name = f"{report.snapshot.competition.reference}-ranking-{report.snapshot.number}.{report.format}"
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[report.format])


# ----------------------------------------------------------------------------------------------- results

class ResultRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField()
    registration_number = serializers.CharField()
    organization = serializers.CharField()
    title = serializers.CharField()
    score = serializers.DecimalField(**SCORE)
    criterion_means = serializers.DictField(child=serializers.DecimalField(**SCORE))
    outcome = serializers.CharField()
    requested_amount = serializers.DecimalField(**MONEY)
    awarded_amount = serializers.DecimalField(allow_null=True, **MONEY)
    tie_breaks = serializers.ListField(child=serializers.DictField())


class ResultsSerializer(serializers.Serializer):
    competition = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    results_published_at = serializers.DateTimeField()
    snapshot = SnapshotSerializer()
    audit_chain_head = serializers.CharField(help_text=_("The hash at the head of the competition's audit chain."))
    summary = serializers.DictField()
    rows = ResultRowSerializer(many=True)


def results_data(competition):
    snapshot = published_snapshot(competition)
    if snapshot is None:
        return None
    data = snapshot.data
    return {
        "competition": competition.pk, "reference": competition.reference, "status": competition.status,
        "results_published_at": competition.results_published_at, "snapshot": snapshot,
        "audit_chain_head": chain_head_for_scope(scope_of(competition.pk)),
        "summary": data.get("summary", {}),
        "rows": [{"rank": row["rank"], "application": row["application_id"],
                  "registration_number": row["registration_number"], "organization": row["organization"],
                  "title": row["title"], "score": row["final_score"], "criterion_means": row["criterion_means"],
                  "outcome": row["outcome"], "requested_amount": row["requested_amount"],
                  "awarded_amount": row["awarded_amount"], "tie_breaks": row["tie_breaks"]}
                 for row in data.get("rows", [])],
    }


class PublishResultsView(SignedInMixin, GenericAPIView):
    serializer_class = ResultsSerializer

    @extend_schema(summary="Publish the results of the frozen ranking; applicants get their outcome", request=None,
                   responses={200: ResultsSerializer, **ERRORS})
    def post(self, request, pk):
        competition = _competition(request, pk)
        require_perm(request.user, "scoring.view_live_ranking", competition)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.RESULTS_PUBLISHED)
        services.results_publish(competition=competition, actor=request.user)
        competition = Competition.objects.get(pk=competition.pk)
        return Response(ResultsSerializer(results_data(competition)).data)


class ResultsView(ApiMixin, GenericAPIView):
    serializer_class = ResultsSerializer
    permission_classes = [AllowAny]

    @extend_schema(summary="Published results (public, no sign-in): the ranking snapshot and the audit chain head",
                   responses={200: ResultsSerializer, **errors(404)})
    def get(self, request, pk):
        competition = _competition(request, pk)
        data = results_data(competition)
        if data is None:
            raise NotFound(_("The results of this competition are not published."))
        return Response(ResultsSerializer(data).data)


# ----------------------------------------------------------------------------------------------- appeals

class AppealSerializer(serializers.ModelSerializer):
    status = named_choice_field("AppealStatus", AppealStatus.choices, read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "application", "status", "reason", "filed_at", "decided_at", "reasoning"]
        read_only_fields = fields


class AppealFileSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=20000)


class AppealDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[AppealStatus.UPHELD, AppealStatus.DISMISSED])
    reasoning = serializers.CharField(max_length=20000)
    reopen_assignments = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=100,
        help_text=_("Upheld: submitted evaluations of the application to reopen (the ranking is then re-frozen)."))


class AppealFileView(SignedInMixin, GenericAPIView):
    serializer_class = AppealFileSerializer

    @extend_schema(summary="Appeal the outcome within the window (members of the applicant)",
                   request=AppealFileSerializer, responses={201: AppealSerializer, **ERRORS})
    def post(self, request, pk):
        application = visible_or_404(applications_for_user(request.user), pk=pk)
        if not is_member_of_applicant(request.user, application):
            raise PermissionDenied
        serializer = AppealFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("not_published", "window_closed", "already_pending"):
            appeal = services.appeal_file(application=application, reason=serializer.validated_data["reason"],
                                          actor=request.user)
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class AppealDecideView(SignedInMixin, GenericAPIView):
    serializer_class = AppealDecideSerializer

    def get_queryset(self):
        return Appeal.objects.filter(application__in=applications_for_user(self.request.user)).select_related(
            "application__competition")

    @extend_schema(summary="Decide an appeal with reasoning (officials): upheld or dismissed",
                   request=AppealDecideSerializer, responses={200: AppealSerializer, **ERRORS})
    def post(self, request, pk):
        appeal = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "scoring.view_live_ranking", appeal.application.competition)
        serializer = AppealDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with state_conflicts("already_decided", "not_reopenable"):
            appeal = services.appeal_decide(appeal=appeal, decision=data["decision"], reasoning=data["reasoning"],
                                            reopen_assignment_ids=data["reopen_assignments"], actor=request.user)
        return Response(AppealSerializer(appeal).data)
