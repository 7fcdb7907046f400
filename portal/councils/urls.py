from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("<int:pk>/", views.council_detail, name="detail"),
    path("<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/file/", views.document_download, name="document_file"),
    path("documents/<int:pk>/answer/", views.document_answer, name="answer"),
]
