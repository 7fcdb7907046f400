"""API routes of plans, included into the shared "api" namespace by portal/urls.py."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans/items", views.PlanItemViewSet, basename="plan-item")
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns = [
    *router.urls,
    path("plans/<int:pk>/items/", views.PlanItemListView.as_view(), name="plan-items"),
    path("plans/<int:pk>/proposals/", views.ProposalListView.as_view(), name="plan-proposals"),
    path("plans/proposals/<int:pk>/decide/", views.ProposalDecideView.as_view(), name="plan-proposal-decide"),
    path("plans/<int:pk>/comments/", views.CommentListView.as_view(), name="plan-comments"),
    path("plans/comments/<int:pk>/moderate/", views.CommentModerateView.as_view(), name="plan-comment-moderate"),
    path("plans/comments/<int:pk>/answer/", views.CommentAnswerView.as_view(), name="plan-comment-answer"),
    path("plans/<int:pk>/versions/", views.VersionListView.as_view(), name="plan-versions"),
    path("plans/<int:pk>/execution/", views.PlanExecutionView.as_view(), name="plan-execution"),
]
