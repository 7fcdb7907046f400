"""API of the assignment: assignments (manual), declarations, the solver's proposals and their confirmation."""

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from applications.selectors import applications_for_user
from portal import api_serializers as serializers
from portal.accounts.models import ExpertProfile
from portal.api_common import SignedInMixin, errors, named_choice_field, require_perm, state_conflicts, visible_or_404
from portal.api_http import IdFilter

from ..assignment import services
from ..assignment.rules import owns_assignment
from ..assignment.selectors import assignments_for_user, proposal_assignment_ids, proposals_for_competition
from ..enums import AssignmentStatus, ConflictType
from ..models import Assignment, AutoAssignmentProposal
from .common import ERRORS, competition_or_404


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


class AssignmentFilter(django_filters.FilterSet):
    competition = IdFilter(field_name="application__competition")
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
        return assignments_for_user(self.request.user)

    def get_serializer_class(self):
        return AssignmentCreateSerializer if self.action == "create" else AssignmentSerializer

    def create(self, request, *args, **kwargs):
        serializer = AssignmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = applications_for_user(request.user).filter(pk=data["application"]).first()
        if application is None:
            raise ValidationError({"application": [_("No such application.")]})
        require_perm(request.user, "competitions.manage_competition", application.competition)
        with state_conflicts("competition_not_under_review", "application_not_admitted", "assignment_exists"):
            assignment = services.assignment_create(application=application, expert=data["expert"],
                                                    due_on=data.get("due_on"), actor=request.user)
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data,
                        status=status.HTTP_201_CREATED)


class DeclareView(SignedInMixin, GenericAPIView):
    serializer_class = DeclareSerializer

    def get_queryset(self):
        return assignments_for_user(self.request.user)

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


class AutoAssignSerializer(serializers.Serializer):
    seed = serializers.IntegerField(required=False, default=0, min_value=0, max_value=2**31 - 1)
    max_load = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000,
                                        help_text=_("At most this many applications per expert."))
    weigh_performance = serializers.StrictBooleanField(
        required=False, default=False,
        help_text=_("Weigh each expert's performance record: poorer records get fewer applications (bounded)."))


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
        return proposal_assignment_ids(proposal)


class ConfirmSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False, help_text=_("Default: the competition's evaluation deadline."))


class AutoAssignView(SignedInMixin, GenericAPIView):
    serializer_class = AutoAssignSerializer

    @extend_schema(summary="Propose an automatic assignment (min-cost flow): k experts per admitted application",
                   request=AutoAssignSerializer, responses={201: ProposalSerializer, **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = AutoAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("competition_not_under_review", "nothing_to_assign"):
            proposal = services.assignment_propose(competition=competition, actor=request.user,
                                                   seed=serializer.validated_data["seed"],
                                                   max_load=serializer.validated_data.get("max_load"),
                                                   weigh_performance=serializer.validated_data["weigh_performance"])
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class AutoAssignConfirmView(SignedInMixin, GenericAPIView):
    serializer_class = ConfirmSerializer

    @extend_schema(summary="Confirm a proposal: its assignments are made (all or nothing) and experts notified",
                   request=ConfirmSerializer, responses={200: ProposalSerializer, **ERRORS})
    def post(self, request, pk, proposal_id):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        proposal = visible_or_404(proposals_for_competition(competition), pk=proposal_id)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("competition_not_under_review", "proposal_stale"):
            services.assignment_proposal_confirm(proposal=proposal, actor=request.user,
                                                 due_on=serializer.validated_data.get("due_on"))
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data)
