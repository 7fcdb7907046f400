from django.urls import path

from . import views, views_portfolio, views_reports, views_revision

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_page, name="detail"),
    path("<int:pk>/budget/", views_revision.revised_budget, name="revised_budget"),
    path("portfolio/", views_portfolio.portfolio_page, name="portfolio"),
    path("<int:pk>/do/<slug:action>/", views.project_action, name="action"),
    path("tranches/<int:pk>/do/<slug:action>/", views.tranche_action, name="tranche_action"),
    path("agreements/versions/<int:pk>/<str:language>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("reports/<int:pk>/", views_reports.report_page, name="report"),
    path("reports/<int:pk>/do/<slug:action>/", views_reports.report_decide, name="report_decide"),
    path("reports/<int:pk>/evidence/", views_reports.evidence_upload, name="report_evidence"),
    path("evidence/<int:pk>/remove/", views_reports.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/file/", views_reports.evidence_file, name="evidence_file"),
    path("public/evidence/<int:pk>/", views_reports.public_evidence_file, name="public_evidence_file"),
    path("<int:pk>/messages/", views_reports.message_thread, name="messages"),
    path("messages/<int:pk>/file/", views_reports.message_file, name="message_file"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_page, name="public_detail"),
]
