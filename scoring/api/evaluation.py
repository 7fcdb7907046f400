"""API of the expert's evaluation: read, save the draft (version-checked), submit."""

import rules
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, StateConflict, errors, require_transition, state_conflicts, visible_or_404

from ..assignment.rules import owns_assignment
from ..assignment.selectors import assignments_for_user
from ..enums import ASSIGNMENT_TRANSITIONS, AssignmentStatus
from ..evaluation import services
from ..evaluation.selectors import evaluation_data
from .common import ERRORS


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, help_text=_("A criterion of the competition's rubric (400 "
                                                                  "naming it otherwise)."))
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
    scores = ScoreSerializer(many=True, max_length=200)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text=_("The version you read; a different one answers 409."))


class EvaluationView(SignedInMixin, GenericAPIView):
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return assignments_for_user(self.request.user)

    def _assignment(self, pk):
        return visible_or_404(self.get_queryset().select_related("application__competition"), pk=pk)

    @extend_schema(summary="Read the evaluation (the expert; the body's officials)",
                   responses={200: EvaluationSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        assignment = self._assignment(pk)
        if not (rules.has_perm("scoring.read_application", request.user, assignment)
                or rules.has_perm("competitions.manage_competition", request.user, assignment.application.competition)):
            raise PermissionDenied
        return Response(EvaluationSerializer(evaluation_data(assignment)).data)

    @extend_schema(summary="Save the draft evaluation: a score and a comment per criterion (the expert)",
                   request=EvaluationWriteSerializer, responses={200: EvaluationSerializer, **ERRORS})
    def put(self, request, pk):
        assignment = self._assignment(pk)
        if not owns_assignment(request.user, assignment):
            raise PermissionDenied
        if not rules.has_perm("scoring.score", request.user, assignment):
            raise StateConflict(_("assignment"), assignment.get_status_display())
        serializer = EvaluationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scores = {row["criterion"]: (row["value"], row.get("comment", "")) for row in data["scores"]}
        if len(scores) < len(data["scores"]):
            raise ValidationError({"scores": [_("Give each criterion once.")]})
        with state_conflicts("evaluation_read_only"):
            services.evaluation_save_draft(assignment=assignment, actor=request.user, scores=scores,
                                           comment=data.get("comment", ""), version=data.get("version"))
        return Response(EvaluationSerializer(evaluation_data(assignment)).data)


class EvaluationSubmitView(SignedInMixin, GenericAPIView):
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return assignments_for_user(self.request.user)

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
        return Response(EvaluationSerializer(evaluation_data(assignment)).data)
