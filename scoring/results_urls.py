"""URLs of the ranking (officials, under /manage/ranking/), the public results and the applicant's results.

Mounted at the root in portal/urls.py BEFORE the ``competitions/`` include, so that
``/competitions/<reference>/results/`` is served here.
"""

from django.urls import path

from . import results_views as views

app_name = "results"
urlpatterns = [
    path("competitions/<str:reference>/results/", views.public_results, name="public"),
    path("competitions/<str:reference>/results/snapshot-<int:number>.json", views.snapshot_json,
         name="snapshot_json"),
    path("manage/ranking/<str:reference>/", views.ranking_page, name="ranking"),
    path("manage/ranking/<str:reference>/freeze/", views.ranking_freeze_view, name="freeze"),
    path("manage/ranking/<str:reference>/reopen/", views.ranking_reopen_view, name="reopen"),
    path("manage/ranking/<str:reference>/publish/", views.results_publish_view, name="publish"),
    path("manage/ranking/<str:reference>/snapshots/<int:number>/", views.snapshot_page, name="snapshot"),
    path("manage/ranking/<str:reference>/snapshots/<int:number>/reports/", views.report_request_view,
         name="report_request"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/", views.report_page, name="report"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/status.json", views.report_status, name="report_status"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/download/", views.report_download,
         name="report_download"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/retry/", views.report_retry_view, name="report_retry"),
    path("manage/ranking/<str:reference>/appeals/<int:pk>/", views.appeal_page, name="appeal"),
    path("applications/<int:pk>/results/", views.application_results, name="application"),
    path("applications/<int:pk>/appeal/", views.appeal_file_view, name="appeal_file"),
]
