"""Rubrics, the expert register, review management (officials) and review (experts). Namespace ``scoring``.

Mounted at the site root by portal/urls.py, so each pattern carries its own prefix. The ranking, results and
appeal pages are ``scoring.urls.results`` (namespace ``results``); the API routes ``scoring.api.urls``.
"""

from django.urls import path

from ..views import assignment, evaluation, experts, rubrics

app_name = "scoring"

M = "manage/review/<str:reference>/"

urlpatterns = [
    # Rubric builder.
    path("rubrics/", rubrics.rubric_list, name="rubric_list"),
    path("rubrics/new/", rubrics.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", rubrics.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", rubrics.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/new-version/", rubrics.rubric_new_version, name="rubric_new_version"),
    path("rubrics/competition/<str:reference>/", rubrics.competition_rubric, name="competition_rubric"),
    # Expert register.
    path("experts/", experts.expert_register, name="expert_register"),
    path("experts/invite/", experts.expert_invite, name="expert_invite"),
    path("experts/invitation/<str:token>/", experts.invitation_accept, name="invitation_accept"),
    path("experts/profile/", experts.expert_profile, name="expert_profile"),
    # Review management for officials (observers read).
    path(M, assignment.review_overview, name="review_overview"),
    path(M + "pool/", assignment.review_pool, name="review_pool"),
    path(M + "auto/", assignment.review_auto, name="review_auto"),
    path(M + "fill/", assignment.review_fill, name="review_fill"),
    path(M + "proposals/<int:pk>/", assignment.review_proposal, name="review_proposal"),
    path(M + "applications/<int:pk>/", assignment.review_application, name="review_application"),
    path(M + "applications/<int:pk>/assign/", assignment.review_assign_add, name="review_assign_add"),
    path(M + "applications/<int:pk>/potential-conflict/", assignment.review_potential_conflict,
         name="review_potential_conflict"),
    path(M + "applications/<int:pk>/add-expert/", assignment.review_divergence_add, name="review_divergence_add"),
    path(M + "assignments/<int:pk>/remove/", assignment.review_assignment_remove, name="review_assignment_remove"),
    path(M + "assignments/<int:pk>/reopen/", assignment.review_assignment_reopen, name="review_assignment_reopen"),
    path(M + "assignments/<int:pk>/override/", assignment.review_assignment_override,
         name="review_assignment_override"),
    # The expert's side.
    path("review/", evaluation.review_dashboard, name="review_dashboard"),
    path("review/<int:pk>/declare/", evaluation.declare, name="declare"),
    path("review/<int:pk>/", evaluation.score, name="score"),
    path("review/<int:pk>/autosave/", evaluation.autosave, name="autosave"),
    path("review/<int:pk>/documents/<int:attachment_pk>/", evaluation.document, name="document"),
]
