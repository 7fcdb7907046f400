from django.urls import path

from . import views, views_evaluation, views_monitoring, views_portfolio, views_reports, views_revision

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
    path("<int:pk>/visits/plan/", views_monitoring.visit_plan, name="visit_plan"),
    path("visits/<int:pk>/", views_monitoring.visit_page, name="visit"),
    path("visits/<int:pk>/record/", views_monitoring.visit_record, name="visit_record"),
    path("visits/<int:pk>/findings/", views_monitoring.finding_add, name="visit_finding"),
    path("visits/<int:pk>/actions/", views_monitoring.action_add, name="visit_action"),
    path("visits/<int:pk>/complete/", views_monitoring.visit_complete, name="visit_complete"),
    path("visits/actions/<int:pk>/<slug:step>/", views_monitoring.corrective_action, name="corrective_action"),
    path("visits/findings/<int:pk>/photo/", views_monitoring.finding_photo, name="finding_photo"),
    path("<int:pk>/evaluation/panel/", views_evaluation.evaluation_panel, name="evaluation_panel"),
    path("evaluations/<int:pk>/", views_evaluation.evaluation_page, name="evaluation"),
    path("evaluations/<int:pk>/<slug:step>/", views_evaluation.evaluation_step, name="evaluation_step"),
    path("evaluations/seats/<int:pk>/", views_evaluation.evaluation_seat, name="evaluation_seat"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_page, name="public_detail"),
]
