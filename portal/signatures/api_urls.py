"""API routes of signatures, included into the shared "api" namespace by portal/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("organization-claims/", api.ClaimView.as_view(), name="organization-claim"),
]
