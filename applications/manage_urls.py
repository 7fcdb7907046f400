"""Officials' pages on applications, mounted at ``/manage/applications/`` with the namespace
``manage_applications``."""

from django.urls import path

from . import manage_views as views

app_name = "manage_applications"
urlpatterns = [
    path("application/<int:pk>/", views.application_detail, name="detail"),
    path("application/<int:pk>/admit/", views.application_admit, name="admit"),
    path("application/<int:pk>/return/", views.application_return, name="return"),
    path("application/<int:pk>/reject/", views.application_reject, name="reject"),
    path("<str:reference>/", views.application_table, name="list"),
    path("<str:reference>/export.csv", views.export_csv, name="export_csv"),
    path("<str:reference>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:reference>/admission/", views.admission, name="admission"),
    path("<str:reference>/admission/admit/", views.bulk_admit, name="bulk_admit"),
    path("<str:reference>/admission/start-review/", views.start_review, name="start_review"),
]
