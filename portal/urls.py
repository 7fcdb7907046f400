from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

# Every app adds its API routes here (its ``api_urls.py`` has ``urlpatterns`` and no app_name);
# all of them share the "api" namespace: reverse("api:region-list").
api_v1 = [
    path("", include("portal.api_urls")),
    path("", include("competitions.api_urls")),
    path("", include("applications.api_urls")),
    path("", include("scoring.api.urls")),
    path("", include("portal.accounts.api_urls")),
    path("", include("planning.api_urls")),
    path("", include("portal.councils.api_urls")),
    path("", include("portal.signatures.api_urls")),
    path("", include("opendata.api_urls")),
    path("", include("projects.api_urls")),
]

handler500 = "portal.ops.unavailable.server_error"

urlpatterns = [
    path("", include("portal.ops.urls")),
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/", include("portal.accounts.urls")),
    # /organizations/claim/ (claiming with EDS), /seal/ (the portal's PDF seal)
    path("", include("portal.signatures.urls")),
    path("organizations/", include("portal.accounts.urls_organizations")),
    path("notifications/", include("portal.notifications.urls")),
    path("audit/", include("portal.audit.urls")),
    # Public results (/competitions/<ref>/results/), /manage/ranking/... and /applications/<pk>/results/:
    # before the competitions include so the results path is served by scoring.
    path("", include("scoring.urls.results")),
    path("competitions/", include("competitions.urls")),
    path("plans/", include("planning.urls")),
    path("manage/plans/", include("planning.manage_urls")),
    path("councils/", include("portal.councils.urls")),
    path("open-data/", include("opendata.urls")),
    path("manage/competitions/", include("competitions.manage_urls")),
    path("manage/applications/", include("applications.manage_urls")),
    path("applications/", include("applications.urls")),
    path("projects/", include("projects.urls")),
    # scoring: rubrics/, experts/, manage/review/<reference>/, review/ (namespace "scoring")
    path("", include("scoring.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
