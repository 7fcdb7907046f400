"""API routes of the review, ranking, results and appeals, included into the shared "api" namespace."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rubrics", api.RubricViewSet, basename="rubric")
router.register("experts", api.ExpertViewSet, basename="expert")
router.register("assignments", api.AssignmentViewSet, basename="assignment")

C = "competitions/<int:pk>/"

urlpatterns = [
    *router.urls,
    path(C + "pool/", api.CompetitionPoolView.as_view(), name="competition-pool"),
    path(C + "assignments/auto/", api.AutoAssignView.as_view(), name="competition-auto-assign"),
    path(C + "assignments/auto/<int:proposal_id>/confirm/", api.AutoAssignConfirmView.as_view(),
         name="competition-auto-assign-confirm"),
    path("assignments/<int:pk>/declare/", api.DeclareView.as_view(), name="assignment-declare"),
    path("assignments/<int:pk>/evaluation/", api.EvaluationView.as_view(), name="assignment-evaluation"),
    path("assignments/<int:pk>/evaluation/submit/", api.EvaluationSubmitView.as_view(),
         name="assignment-evaluation-submit"),
    path(C + "ranking/", api.RankingView.as_view(), name="competition-ranking"),
    path(C + "ranking/freeze/", api.RankingFreezeView.as_view(), name="competition-ranking-freeze"),
    path(C + "reports/", api.ReportRequestView.as_view(), name="competition-reports"),
    path("reports/<int:pk>/", api.ReportView.as_view(), name="report-detail"),
    path("reports/<int:pk>/download/", api.ReportDownloadView.as_view(), name="report-download"),
    path(C + "publish-results/", api.PublishResultsView.as_view(), name="competition-publish-results"),
    path(C + "results/", api.ResultsView.as_view(), name="competition-results"),
    path("applications/<int:pk>/appeals/", api.AppealFileView.as_view(), name="application-appeals"),
    path("appeals/<int:pk>/decide/", api.AppealDecideView.as_view(), name="appeal-decide"),
]
