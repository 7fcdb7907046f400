"""Officials' and observers' pages, mounted at ``/manage/competitions/`` with the namespace ``manage``."""

from django.urls import path

from . import manage_views as views

app_name = "manage"
urlpatterns = [
    path("new/", views.competition_create, name="create"),
    path("new/from-plan-item/<int:pk>/", views.competition_create_from_plan_item, name="create_from_plan_item"),
    path("questions/", views.question_queue, name="question_queue"),
    path("<str:reference>/", views.competition_detail, name="detail"),
    path("<str:reference>/edit/", views.competition_edit, name="edit"),
    path("<str:reference>/preview/", views.competition_preview, name="preview"),
    path("<str:reference>/publish/", views.competition_publish, name="publish"),
    path("<str:reference>/extend/", views.competition_extend, name="extend"),
    path("<str:reference>/cancel/", views.competition_cancel, name="cancel"),
    path("<str:reference>/close/", views.competition_close, name="close"),
    path("<str:reference>/documents/", views.competition_documents, name="documents"),
    path("<str:reference>/documents/<int:pk>/delete/", views.competition_document_delete, name="document_delete"),
    path("<str:reference>/questions/", views.competition_questions, name="questions"),
    path("<str:reference>/questions/<int:pk>/", views.clarification_answer, name="answer"),
    path("<str:reference>/audit/", views.competition_audit, name="audit"),
]
