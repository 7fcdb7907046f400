from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects/tranches", api.TrancheViewSet, basename="project-tranche")
router.register("projects/reports", api.ReportViewSet, basename="project-report")
router.register("public/projects", api.PublicProjectViewSet, basename="public-project")
router.register("projects", api.ProjectViewSet, basename="project")

urlpatterns = router.urls
