from rest_framework.routers import DefaultRouter

from . import api, api_reports

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects/tranches", api.TrancheViewSet, basename="project-tranche")
router.register("projects/reports", api_reports.ReportViewSet, basename="project-report")
router.register(r"projects/(?P<project_pk>[0-9]+)/messages", api_reports.ProjectMessageViewSet,
                basename="project-message")
router.register("public/projects", api.PublicProjectViewSet, basename="public-project")
router.register("projects", api.ProjectViewSet, basename="project")

urlpatterns = router.urls
