"""Reads of monitoring visits and results evaluations. A visit is seen by whoever sees its project
(``projects_for_user``) and by its inspector; an evaluation by whoever sees its project and by its evaluators."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from portal.accounts.models import ExpertProfile, User

from .enums import ActionStatus
from .models import (
    ChecklistItem,
    CorrectiveAction,
    EvaluationScore,
    MonitoringVisit,
    ProjectEvaluation,
    ProjectEvaluator,
)
from .selectors import projects_for_user


def visits_for_user(user):
    if not user.is_authenticated:
        return MonitoringVisit.objects.none()
    return (MonitoringVisit.objects.filter(Q(project__in=projects_for_user(user).values("pk")) | Q(inspector=user))
            .select_related("project__competition", "project__organization", "inspector", "template")
            .annotate(open_actions=Count("actions", filter=~Q(actions__status=ActionStatus.CLOSED)))
            .order_by("-planned_on", "-id"))


def visit_detail(user, pk):
    """One visit with its checklist, answers, findings and actions (404 when the user may not see it)."""
    queryset = visits_for_user(user).prefetch_related(
        Prefetch("template__items", queryset=ChecklistItem.objects.order_by("order", "id")),
        "answers", "findings", Prefetch("actions", queryset=CorrectiveAction.objects.select_related("finding")))
    return get_object_or_404(queryset, pk=pk)


def actions_for_user(user):
    return CorrectiveAction.objects.filter(visit__in=visits_for_user(user).values("pk")).select_related(
        "visit__project__competition", "visit__project__organization", "finding").order_by("due_on", "id")


def checklist_rows(visit):
    """``[(item, answer or None)]`` in the checklist's order, from the prefetched rows."""
    answers = {a.item_id: a for a in visit.answers.all()}
    return [(item, answers.get(item.pk)) for item in visit.template.items.all()] if visit.template_id else []


def project_visits(project):
    return list(MonitoringVisit.objects.filter(project=project).select_related("inspector").annotate(
        open_actions=Count("actions", filter=~Q(actions__status=ActionStatus.CLOSED))).order_by("planned_on", "id"))


def inspector_choices(project):
    """Officials of the project's body and the active experts of the register."""
    return User.objects.filter(Q(official_memberships__body_id=project.competition.body_id)
                               | Q(expert_profile__is_active=True)).distinct().order_by("full_name", "email")


def active_experts():
    return (ExpertProfile.objects.filter(is_active=True).select_related("user")
            .order_by("user__full_name", "user__email"))


def _evaluation_base():
    return ProjectEvaluation.objects.select_related("project__competition", "project__organization", "rubric")


def evaluations_for_user(user):
    if not user.is_authenticated:
        return ProjectEvaluation.objects.none()
    return _evaluation_base().filter(Q(project__in=projects_for_user(user).values("pk"))
                                     | Q(evaluators__expert__user=user)).distinct().order_by("-id")


def evaluation_detail(queryset, pk):
    queryset = queryset.prefetch_related(
        "rubric__criteria",
        Prefetch("evaluators", queryset=ProjectEvaluator.objects.select_related("expert__user").prefetch_related(
            Prefetch("scores", queryset=EvaluationScore.objects.select_related("criterion"))).order_by("id")))
    return get_object_or_404(queryset, pk=pk)


def project_evaluation(project):
    return evaluation_detail(_evaluation_base(), project.evaluation.pk) if hasattr(project, "evaluation") else None


def seats_of_user(user):
    """The user's seats on evaluation panels (their assignments), newest first."""
    if not user.is_authenticated:
        return ProjectEvaluator.objects.none()
    return (ProjectEvaluator.objects.filter(expert__user=user)
            .select_related("evaluation__project__competition", "evaluation__project__organization")
            .order_by("-evaluation_id"))


def seat_detail(user, pk):
    queryset = seats_of_user(user).select_related("evaluation__rubric", "expert__user").prefetch_related(
        "evaluation__rubric__criteria", "scores")
    return get_object_or_404(queryset, pk=pk)


def public_outcome(project):
    """The published evaluation of a project, or None."""
    return ProjectEvaluation.objects.filter(project=project, published_at__isnull=False).first()
