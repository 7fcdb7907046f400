"""The body's pages of plans, mounted at ``/manage/plans/`` with the namespace ``manage_planning``."""

from django.urls import path

from . import manage_views as views

app_name = "manage_planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/execution/", views.plan_execution, name="execution"),
    path("<int:pk>/open-proposals/", views.open_proposals, name="open_proposals"),
    path("<int:pk>/start-discussion/", views.start_discussion, name="start_discussion"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/items/new/", views.item_new, name="item_new"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/items/<int:item_pk>/evidence/", views.item_evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/proposals/", views.proposals, name="proposals"),
    path("<int:pk>/proposals/<int:proposal_pk>/", views.proposal_decide, name="decide"),
    path("<int:pk>/comments/", views.comments, name="comments"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", views.comment_moderate, name="moderate"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", views.comment_answer, name="answer"),
]
