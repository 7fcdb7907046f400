"""API routes of competitions, included into the shared "api" namespace by portal/urls.py."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("competitions", api.CompetitionViewSet, basename="competition")

urlpatterns = [
    *router.urls,
    path("competitions/<int:pk>/questions/", api.QuestionListView.as_view(), name="competition-questions"),
    path("questions/<int:pk>/answer/", api.QuestionAnswerView.as_view(), name="question-answer"),
    path("competitions/<int:pk>/audit/", api.CompetitionAuditView.as_view(), name="competition-audit"),
]
