"""URLs of the ranking (officials, under /manage/ranking/), the public results and the applicant's results.

Mounted at the root in portal/urls.py BEFORE the ``competitions/`` include, so that
``/competitions/<reference>/results/`` is served here.
"""

from django.urls import path

from ..views import appeals, commission, draw, ranking, reports, results

app_name = "results"
urlpatterns = [
    path("competitions/<str:reference>/results/", results.public_results, name="public"),
    path("competitions/<str:reference>/results/snapshot-<int:number>.json", results.snapshot_json,
         name="snapshot_json"),
    path("competitions/<str:reference>/results/protocol-<int:pk>.pdf", commission.public_extract_download,
         name="protocol_extract"),
    path("competitions/<str:reference>/draw/", draw.draw_public, name="draw"),
    path("competitions/<str:reference>/draw/<int:pk>.json", draw.draw_json, name="draw_json"),
    path("manage/ranking/<str:reference>/", ranking.ranking_page, name="ranking"),
    path("manage/ranking/<str:reference>/freeze/", ranking.ranking_freeze_view, name="freeze"),
    path("manage/ranking/<str:reference>/reopen/", ranking.ranking_reopen_view, name="reopen"),
    path("manage/ranking/<str:reference>/publish/", ranking.results_publish_view, name="publish"),
    path("manage/ranking/<str:reference>/snapshots/<int:number>/", ranking.snapshot_page, name="snapshot"),
    path("manage/ranking/<str:reference>/snapshots/<int:number>/reports/", reports.report_request_view,
         name="report_request"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/", reports.report_page, name="report"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/status.json", reports.report_status, name="report_status"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/download/", reports.report_download,
         name="report_download"),
    path("manage/ranking/<str:reference>/reports/<int:pk>/retry/", reports.report_retry_view, name="report_retry"),
    path("manage/ranking/<str:reference>/appeals/<int:pk>/", appeals.appeal_page, name="appeal"),
    path("applications/<int:pk>/results/", results.application_results, name="application"),
    path("applications/<int:pk>/appeal/", appeals.appeal_file_view, name="appeal_file"),
]
