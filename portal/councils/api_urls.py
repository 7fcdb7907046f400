"""API routes of public councils, included into the shared "api" namespace by portal/urls.py."""

from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("councils/documents", api.CouncilDocumentViewSet, basename="council-document")
router.register("councils", api.CouncilViewSet, basename="council")

urlpatterns = router.urls
