"""API routes of applications, included into the shared "api" namespace by portal/urls.py."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("applications", api.ApplicationViewSet, basename="application")

urlpatterns = [
    *router.urls,
    path("competitions/<int:pk>/start-review/", api.StartReviewView.as_view(), name="competition-start-review"),
]
