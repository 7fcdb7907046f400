from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/propose/", views.proposal_new, name="propose"),
    path("<int:pk>/comment/", views.comment_new, name="comment"),
    path("<int:pk>/versions/", views.plan_versions_page, name="versions"),
    path("<int:pk>/execution/", views.plan_execution, name="execution"),
]
