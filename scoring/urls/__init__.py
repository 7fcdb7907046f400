"""Rubrics, the expert register, review management (officials) and review (experts). Namespace ``scoring``.

Mounted at the site root by portal/urls.py, so each pattern carries its own prefix. The ranking, results and
appeal pages are ``scoring.urls.results`` (namespace ``results``); the API routes ``scoring.api.urls``.
"""

from django.urls import path

from ..views import assignment, commission, course, draw, evaluation, experts, register, rubrics

app_name = "scoring"

M = "manage/review/<str:reference>/"
C = "manage/commission/<str:reference>/"

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
    # The open call, vetting, calibration, fees and acts.
    path("experts/apply/", register.expert_apply, name="expert_apply"),
    path("experts/applications/", register.expert_applications, name="expert_applications"),
    path("experts/applications/<int:pk>/", register.expert_application_detail, name="expert_application"),
    path("experts/applications/<int:pk>/renew/", register.expert_application_renew, name="expert_application_renew"),
    path("experts/applications/<int:pk>/cv/", register.expert_application_cv, name="expert_application_cv"),
    path("experts/course/", course.course, name="expert_course"),
    path("experts/calibration/", register.calibration, name="calibration"),
    path("experts/calibration/<int:pk>/", register.calibration, name="calibration_exercise"),
    path("experts/acts/<int:pk>/<str:language>.pdf", register.act_download, name="act_download"),
    path(M + "fees/", register.competition_fees, name="competition_fees"),
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
    # The observed draw (officials; observers read).
    path(M + "draw/", draw.draw_manage, name="draw_manage"),
    path(M + "draw/commit/", draw.draw_commit_view, name="draw_commit"),
    path(M + "draw/<int:pk>/run/", draw.draw_run_view, name="draw_run"),
    # The commission and its meetings (officials; observers read).
    path(C, commission.commission_page, name="commission"),
    path(C + "quorum/", commission.commission_quorum, name="commission_quorum"),
    path(C + "members/", commission.commission_member_add, name="commission_member_add"),
    path(C + "meetings/", commission.meeting_schedule, name="meeting_schedule"),
    path(C + "meetings/<int:pk>/", commission.meeting_page, name="meeting"),
    path(C + "meetings/<int:pk>/attendance/", commission.meeting_hold, name="meeting_hold"),
    path(C + "meetings/<int:pk>/decision/", commission.meeting_decide, name="meeting_decide"),
    path(C + "meetings/<int:pk>/protocols/<int:protocol_pk>/", commission.protocol_download,
         name="protocol_download"),
    # The expert's side.
    path("review/", evaluation.review_dashboard, name="review_dashboard"),
    path("review/<int:pk>/declare/", evaluation.declare, name="declare"),
    path("review/<int:pk>/", evaluation.score, name="score"),
    path("review/<int:pk>/autosave/", evaluation.autosave, name="autosave"),
    path("review/<int:pk>/documents/<int:attachment_pk>/", evaluation.document, name="document"),
]
