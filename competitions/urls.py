from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<str:reference>/", views.competition_detail, name="detail"),
    path("<str:reference>/documents/<int:pk>/", views.competition_document, name="document"),
    path("<str:reference>/ask/", views.competition_ask, name="ask"),
]
