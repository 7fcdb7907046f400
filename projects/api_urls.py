from rest_framework.routers import DefaultRouter

from . import api, api_monitoring, api_reports

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects/visits/actions", api_monitoring.CorrectiveActionViewSet, basename="project-visit-action")
router.register("projects/visits", api_monitoring.VisitViewSet, basename="project-visit")
router.register("projects/evaluations/seats", api_monitoring.EvaluatorViewSet, basename="project-evaluator")
router.register("projects/evaluations", api_monitoring.EvaluationViewSet, basename="project-evaluation")
router.register("projects/tranches", api.TrancheViewSet, basename="project-tranche")
router.register("projects/reports", api_reports.ReportViewSet, basename="project-report")
router.register(r"projects/(?P<project_pk>[0-9]+)/messages", api_reports.ProjectMessageViewSet,
                basename="project-message")
router.register("public/projects", api.PublicProjectViewSet, basename="public-project")
router.register("projects", api.ProjectViewSet, basename="project")

urlpatterns = router.urls
