"""API of the open expert register (apply, vet), calibration, track records and fees."""

from decimal import Decimal

import rules
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, errors, require_perm, state_conflicts, visible_or_404
from portal.reference.models import PriorityArea, Region

from ..enums import NominationSource
from ..experts import fees, register
from ..experts.performance import calibration_by_expert, course_by_expert, performance_by_expert
from ..experts.selectors import (
    calibration_exercises,
    expert_applications_for_user,
    expert_profile_of,
    my_expert_applications,
    pool_for_competition,
)
from ..models import CompletionAct, ExpertApplication, PoolMember
from .common import ERRORS, MONEY, competition_or_404


class ExpertApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertApplication
        fields = ["id", "full_name", "qualifications", "priority_areas", "regions", "languages", "nomination_source",
                  "nominating_bin", "cv_name", "cv_sha256", "code_of_conduct_accepted_at", "status",
                  "decision_reason", "valid_until", "expired_at", "submitted_at"]
        read_only_fields = fields


@extend_schema_field({"type": "boolean", "enum": [True]})
class AcceptedField(serializers.StrictBooleanField):
    """``true`` only: the code of conduct must be accepted (the schema says so with ``enum: [true]``)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value is not True:
            raise serializers.ValidationError(_("Accept the code of conduct and the conflict-of-interest rules."))
        return value


class ExpertApplicationCreateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, validators=[serializers.NOT_BLANK])
    cv = serializers.FileField(help_text="PDF, DOCX, XLSX, ODT, JPEG or PNG")
    qualifications = serializers.CharField(max_length=20000, validators=[serializers.NOT_BLANK])
    priority_areas = serializers.PrimaryKeyRelatedField(many=True, allow_empty=False, queryset=PriorityArea.objects
                                                        .filter(is_active=True))
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all(), required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=["kk", "ru", "en"]), allow_empty=False)
    nomination_source = serializers.ChoiceField(choices=NominationSource.choices, default=NominationSource.SELF)
    nominating_bin = serializers.CharField(max_length=12, required=False, allow_blank=True, default="",
                                           help_text="the nominating NGO's BIN: given exactly when an NGO nominates")
    accept_code = AcceptedField(help_text="the code of conduct and conflict-of-interest rules accepted")


class ExpertApplicationsView(SignedInMixin, GenericAPIView):
    queryset = ExpertApplication.objects.none()  # for the schema; the rows come from the selectors
    serializer_class = ExpertApplicationSerializer
    pagination_class = None  # a plain list, as the schema says
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="Applications to the expert register: all for officials, one's own otherwise",
                   responses={200: ExpertApplicationSerializer(many=True), **errors(401)})
    def get(self, request):
        roles_qs = expert_applications_for_user(request.user)
        manages = rules.has_perm("scoring.manage_experts", request.user)
        qs = roles_qs if manages else my_expert_applications(request.user)
        return Response(ExpertApplicationSerializer(qs, many=True).data)

    @extend_schema(summary="Apply to the expert register (multipart, with the CV); one application awaits vetting "
                           "at a time (409)", request={"multipart/form-data": ExpertApplicationCreateSerializer},
                   responses={201: ExpertApplicationSerializer, **ERRORS})
    def post(self, request):
        serializer = ExpertApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with state_conflicts("application_pending"):
            application = register.expert_application_submit(
                applicant=request.user, full_name=data["full_name"], cv=data["cv"],
                qualifications=data["qualifications"], priority_areas=data["priority_areas"],
                regions=data.get("regions", []), languages=data["languages"],
                nomination_source=data["nomination_source"], nominating_bin=data["nominating_bin"],
                accepted_code=data["accept_code"])
        return Response(ExpertApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class ExpertApplicationDecideView(SignedInMixin, GenericAPIView):
    serializer_class = DecideSerializer

    @extend_schema(summary="Vet an application: approve (with the inclusion term) or decline with a reason",
                   request=DecideSerializer, responses={200: ExpertApplicationSerializer, **ERRORS})
    def post(self, request, pk):
        require_perm(request.user, "scoring.manage_experts")
        application = visible_or_404(expert_applications_for_user(request.user), pk=pk)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = register.expert_application_decide(application=application, actor=request.user,
                                                         **serializer.validated_data)
        return Response(ExpertApplicationSerializer(application).data)


class CalibrationAttemptSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                   help_text="score per criterion, keyed by the criterion's order")


class CalibrationResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scores = serializers.DictField()
    deviations = serializers.DictField()
    mean_abs_deviation = serializers.DecimalField(max_digits=None, decimal_places=3)


class CalibrationAttemptView(SignedInMixin, GenericAPIView):
    serializer_class = CalibrationAttemptSerializer

    @extend_schema(summary="Score the reference application; the deviation per criterion is returned",
                   request=CalibrationAttemptSerializer, responses={201: CalibrationResultSerializer, **ERRORS})
    def post(self, request, pk):
        profile = expert_profile_of(request.user)
        exercise = visible_or_404(calibration_exercises(), pk=pk)
        if profile is None or not profile.is_active:
            return Response({"detail": "experts only"}, status=status.HTTP_403_FORBIDDEN)
        serializer = CalibrationAttemptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attempt = register.calibration_submit(exercise=exercise, expert=profile,
                                              scores=serializer.validated_data["scores"])
        return Response(CalibrationResultSerializer(attempt).data, status=status.HTTP_201_CREATED)


class TrackRecordSerializer(serializers.Serializer):
    expert = serializers.IntegerField()
    evaluations = serializers.IntegerField()
    timeliness = serializers.FloatField(allow_null=True)
    divergence = serializers.FloatField(allow_null=True)
    bias = serializers.FloatField(allow_null=True)
    short_comments = serializers.FloatField(allow_null=True)
    upheld_appeals = serializers.IntegerField()
    calibration_deviation = serializers.DecimalField(max_digits=None, decimal_places=3, allow_null=True)
    course_completed_at = serializers.DateTimeField(allow_null=True)
    course_score = serializers.IntegerField(allow_null=True)


class PoolTrackRecordsView(SignedInMixin, GenericAPIView):
    queryset = PoolMember.objects.none()  # for the schema; the rows are computed
    serializer_class = TrackRecordSerializer
    pagination_class = None  # a plain list, as the schema says

    @extend_schema(summary="Track record of each pool expert: timeliness, divergence, bias, short comments, "
                           "upheld appeals, calibration", responses={200: TrackRecordSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        ids = [m.expert_id for m in pool_for_competition(competition)]
        figures, calibrations, courses = performance_by_expert(ids), calibration_by_expert(ids), course_by_expert(ids)
        rows = [{"expert": pk, **figures[pk].as_dict(), "calibration_deviation": getattr(
            calibrations.get(pk), "mean_abs_deviation", None),
            "course_completed_at": getattr(courses.get(pk), "completed_at", None),
            "course_score": getattr(courses.get(pk), "score", None)} for pk in ids]
        return Response(TrackRecordSerializer(rows, many=True).data)


class ActSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = CompletionAct
        fields = ["id", "expert", "evaluations", "amount", "payment_status", "paid_at", "created_at", "sha256"]
        read_only_fields = fields


class FeeSerializer(serializers.Serializer):
    # Up to 99 999 999.99 KZT: an act (the fee times up to 9 999 evaluations) still fits its 14 digits.
    amount_per_evaluation = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))


class CompetitionActsView(SignedInMixin, GenericAPIView):
    queryset = CompletionAct.objects.none()  # for the schema; the rows are the competition's acts
    serializer_class = ActSerializer
    pagination_class = None  # a plain list, as the schema says

    @extend_schema(summary="Acts of completed work of the competition's experts",
                   responses={200: ActSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.view_competition_internal", competition)
        return Response(ActSerializer(competition.completion_acts.order_by("expert_id"), many=True).data)

    @extend_schema(summary="Set the fee per evaluation and issue the acts (after the results are published)",
                   request=FeeSerializer, responses={201: ActSerializer(many=True), **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = FeeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Both or neither; before the results are published the competition's stage refuses it (409).
        with transaction.atomic(), state_conflicts("not_published"):
            fees.expert_fee_set(competition=competition, actor=request.user, amount=serializer.validated_data[
                "amount_per_evaluation"])
            fees.completion_acts_issue(competition=competition, actor=request.user)
        return Response(ActSerializer(competition.completion_acts.order_by("expert_id"), many=True).data,
                        status=status.HTTP_201_CREATED)
