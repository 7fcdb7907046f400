"""API of appeals: the applicant files one, the official decides it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from applications.rules import is_member_of_applicant
from applications.selectors import applications_for_user
from portal import api_serializers as serializers
from portal.api_common import (
    SignedInMixin,
    StateConflict,
    named_choice_field,
    require_perm,
    state_conflicts,
    visible_or_404,
)

from ..appeals import services
from ..appeals.selectors import appeals_for_user
from ..enums import AppealStatus
from ..models import Appeal
from .common import ERRORS


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
        return appeals_for_user(self.request.user)

    @extend_schema(summary="Decide an appeal with reasoning (officials): upheld or dismissed",
                   request=AppealDecideSerializer, responses={200: AppealSerializer, **ERRORS})
    def post(self, request, pk):
        appeal = visible_or_404(self.get_queryset(), pk=pk)
        require_perm(request.user, "competitions.manage_competition", appeal)
        serializer = AppealDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if appeal.status != AppealStatus.PENDING:
            raise StateConflict(_("appeal"), appeal.get_status_display())
        require_perm(request.user, "scoring.decide_appeal", appeal)  # the page's permission
        data = serializer.validated_data
        with state_conflicts("already_decided", "not_reopenable"):
            appeal = services.appeal_decide(appeal=appeal, decision=data["decision"], reasoning=data["reasoning"],
                                            reopen_assignment_ids=data["reopen_assignments"], actor=request.user)
        return Response(AppealSerializer(appeal).data)
