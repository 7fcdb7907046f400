from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("heads/", views.heads, name="heads"),
    path("heads.json", views.heads_download, {"fmt": "json"}, name="heads_json"),
    path("heads.txt", views.heads_download, {"fmt": "txt"}, name="heads_txt"),
]
