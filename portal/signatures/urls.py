from django.urls import path

from . import views

app_name = "signatures"
urlpatterns = [
    path("organizations/claim/", views.claim, name="claim"),
    path("seal/", views.seal_page, name="seal"),
    path("seal/portal-seal.pem", views.seal_certificate, name="seal_certificate"),
]
