"""Rubrics, the expert register, review management (officials) and review (experts). Namespace ``scoring``.

Mounted at the site root by portal/urls.py, so each pattern carries its own prefix.
"""

from django.urls import path

from . import expert_views, manage_views, review_views, rubric_views

app_name = "scoring"

M = "manage/review/<str:reference>/"

urlpatterns = [
    # Rubric builder.
    path("rubrics/", rubric_views.rubric_list, name="rubric_list"),
    path("rubrics/new/", rubric_views.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", rubric_views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", rubric_views.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/new-version/", rubric_views.rubric_new_version, name="rubric_new_version"),
    path("rubrics/competition/<str:reference>/", rubric_views.competition_rubric, name="competition_rubric"),
    # Expert register.
    path("experts/", expert_views.expert_register, name="expert_register"),
    path("experts/invite/", expert_views.expert_invite, name="expert_invite"),
    path("experts/invitation/<str:token>/", expert_views.invitation_accept, name="invitation_accept"),
    path("experts/profile/", expert_views.expert_profile, name="expert_profile"),
    # Review management for officials (observers read).
    path(M, manage_views.review_overview, name="review_overview"),
    path(M + "pool/", manage_views.review_pool, name="review_pool"),
    path(M + "auto/", manage_views.review_auto, name="review_auto"),
    path(M + "fill/", manage_views.review_fill, name="review_fill"),
    path(M + "proposals/<int:pk>/", manage_views.review_proposal, name="review_proposal"),
    path(M + "applications/<int:pk>/", manage_views.review_application, name="review_application"),
    path(M + "applications/<int:pk>/assign/", manage_views.review_assign_add, name="review_assign_add"),
    path(M + "applications/<int:pk>/potential-conflict/", manage_views.review_potential_conflict,
         name="review_potential_conflict"),
    path(M + "applications/<int:pk>/add-expert/", manage_views.review_divergence_add, name="review_divergence_add"),
    path(M + "assignments/<int:pk>/remove/", manage_views.review_assignment_remove, name="review_assignment_remove"),
    path(M + "assignments/<int:pk>/reopen/", manage_views.review_assignment_reopen, name="review_assignment_reopen"),
    path(M + "assignments/<int:pk>/override/", manage_views.review_assignment_override,
         name="review_assignment_override"),
    # The expert's side.
    path("review/", review_views.review_dashboard, name="review_dashboard"),
    path("review/<int:pk>/declare/", review_views.declare, name="declare"),
    path("review/<int:pk>/", review_views.score, name="score"),
    path("review/<int:pk>/autosave/", review_views.autosave, name="autosave"),
]
