"""API routes of the open data, included into the shared "api" namespace by portal/urls.py."""

from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("open-data/grants", api.GrantViewSet, basename="open-data-grant")
router.register("open-data/records", api.RecordViewSet, basename="open-data-record")
router.register("open-data/files", api.DataFileViewSet, basename="open-data-file")

urlpatterns = router.urls
