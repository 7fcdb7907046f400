"""API routes of the review, ranking, results and appeals, included into the shared "api" namespace."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .appeals import AppealDecideView, AppealFileView
from .assignment import AssignmentViewSet, AutoAssignConfirmView, AutoAssignView, DeclareView
from .commission import (
    CommissionView,
    DrawFileView,
    DrawListView,
    DrawRunView,
    MeetingAttendanceView,
    MeetingCreateView,
    MeetingDecisionView,
    MemberCreateView,
)
from .course import CourseView
from .evaluation import EvaluationSubmitView, EvaluationView
from .experts import CompetitionPoolView, ExpertViewSet
from .ranking import PublishResultsView, RankingFreezeView, RankingView, ResultsView
from .register import (
    CalibrationAttemptView,
    CompetitionActsView,
    ExpertApplicationDecideView,
    ExpertApplicationsView,
    PoolTrackRecordsView,
)
from .reports import ReportDownloadView, ReportRequestView, ReportView
from .rubrics import RubricViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rubrics", RubricViewSet, basename="rubric")
router.register("experts", ExpertViewSet, basename="expert")
router.register("assignments", AssignmentViewSet, basename="assignment")

C = "competitions/<int:pk>/"

urlpatterns = [
    path("experts/course/", CourseView.as_view(), name="expert-course"),
    *router.urls,
    path(C + "pool/", CompetitionPoolView.as_view(), name="competition-pool"),
    path(C + "assignments/auto/", AutoAssignView.as_view(), name="competition-auto-assign"),
    path(C + "assignments/auto/<int:proposal_id>/confirm/", AutoAssignConfirmView.as_view(),
         name="competition-auto-assign-confirm"),
    path("assignments/<int:pk>/declare/", DeclareView.as_view(), name="assignment-declare"),
    path("assignments/<int:pk>/evaluation/", EvaluationView.as_view(), name="assignment-evaluation"),
    path("assignments/<int:pk>/evaluation/submit/", EvaluationSubmitView.as_view(),
         name="assignment-evaluation-submit"),
    path(C + "ranking/", RankingView.as_view(), name="competition-ranking"),
    path(C + "ranking/freeze/", RankingFreezeView.as_view(), name="competition-ranking-freeze"),
    path(C + "reports/", ReportRequestView.as_view(), name="competition-reports"),
    path("reports/<int:pk>/", ReportView.as_view(), name="report-detail"),
    path("reports/<int:pk>/download/", ReportDownloadView.as_view(), name="report-download"),
    path(C + "publish-results/", PublishResultsView.as_view(), name="competition-publish-results"),
    path(C + "results/", ResultsView.as_view(), name="competition-results"),
    path("applications/<int:pk>/appeals/", AppealFileView.as_view(), name="application-appeals"),
    path("appeals/<int:pk>/decide/", AppealDecideView.as_view(), name="appeal-decide"),
    path(C + "commission/", CommissionView.as_view(), name="competition-commission"),
    path(C + "commission/members/", MemberCreateView.as_view(), name="competition-commission-members"),
    path(C + "commission/meetings/", MeetingCreateView.as_view(), name="competition-commission-meetings"),
    path(C + "commission/meetings/<int:meeting_pk>/attendance/", MeetingAttendanceView.as_view(),
         name="competition-commission-attendance"),
    path(C + "commission/meetings/<int:meeting_pk>/decision/", MeetingDecisionView.as_view(),
         name="competition-commission-decision"),
    path("expert-applications/", ExpertApplicationsView.as_view(), name="expert-applications"),
    path("expert-applications/<int:pk>/decide/", ExpertApplicationDecideView.as_view(),
         name="expert-application-decide"),
    path("calibration-exercises/<int:pk>/attempts/", CalibrationAttemptView.as_view(), name="calibration-attempts"),
    path(C + "pool/track-records/", PoolTrackRecordsView.as_view(), name="competition-pool-track-records"),
    path(C + "completion-acts/", CompetitionActsView.as_view(), name="competition-completion-acts"),
    path(C + "draws/", DrawListView.as_view(), name="competition-draws"),
    path(C + "draws/<int:draw_pk>/run/", DrawRunView.as_view(), name="competition-draw-run"),
    path(C + "draws/<int:draw_pk>/file/", DrawFileView.as_view(), name="competition-draw-file"),
]
