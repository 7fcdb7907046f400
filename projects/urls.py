from django.urls import path

from . import views, views_portfolio, views_revision

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_page, name="detail"),
    path("<int:pk>/budget/", views_revision.revised_budget, name="revised_budget"),
    path("portfolio/", views_portfolio.portfolio_page, name="portfolio"),
    path("<int:pk>/do/<slug:action>/", views.project_action, name="action"),
    path("tranches/<int:pk>/do/<slug:action>/", views.tranche_action, name="tranche_action"),
    path("agreements/versions/<int:pk>/<str:language>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_page, name="public_detail"),
]
