"""API routes of organisations, included into the shared "api" namespace by portal/urls.py."""

from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", api.OrganizationViewSet, basename="organization")

urlpatterns = router.urls
