from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("new/<str:reference>/", views.application_start, name="start"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/documents/", views.application_documents, name="documents"),
    path("<int:pk>/edit/<slug:section>/", views.application_section, name="section"),
    path("<int:pk>/documents/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/documents/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/check/", views.application_check, name="check"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/receipt/", views.application_receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", views.application_receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/receipt/prepare/", views.application_receipt_prepare, name="receipt_prepare"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
]
