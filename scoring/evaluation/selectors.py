"""Reads of the expert's side: the dashboard, the evaluation of an assignment, co-experts' scores."""

from django.utils import timezone

from competitions.enums import CompetitionStatus

from ..assignment.selectors import assignments_for_expert
from ..enums import EXPERT_CAN_SCORE, OPEN_WORK, AssignmentStatus
from ..models import Evaluation
from ..rubrics.selectors import criteria_in_order

RESULTS_PUBLIC = frozenset({CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL})


def co_expert_evaluations(assignment):
    """Other experts' submitted evaluations: only after the expert's own submission, and never in blind mode
    before the results are published. Drafts are never shown."""
    competition = assignment.application.competition
    if assignment.status != AssignmentStatus.SUBMITTED:
        return Evaluation.objects.none()
    if competition.blind_review and competition.status not in RESULTS_PUBLIC:
        return Evaluation.objects.none()
    return (Evaluation.objects.filter(assignment__application_id=assignment.application_id,
                                      assignment__status=AssignmentStatus.SUBMITTED)
            .exclude(assignment=assignment).select_related("assignment__expert__user")
            .prefetch_related("scores__criterion").order_by("pk"))



def _is_open_task(assignment):
    return (assignment.status in OPEN_WORK
            and assignment.application.competition.status != CompetitionStatus.CANCELLED)


def expert_dashboard(user):
    """The expert's assignments and what is due: the open tasks (declarations to make, evaluations to finish) first,
    soonest deadline first; finished ones (and those of a cancelled competition) below."""
    assignments = list(assignments_for_expert(user))
    open_tasks = sorted((a for a in assignments if _is_open_task(a)),
                        key=lambda a: (a.due_on is None, a.due_on or timezone.localdate(), a.pk))
    return {
        "assignments": assignments,
        "open_tasks": open_tasks,
        "finished": [a for a in assignments if not _is_open_task(a)],
        "to_declare": sum(1 for a in open_tasks if a.status == AssignmentStatus.OFFERED),
        "to_score": sum(1 for a in open_tasks if a.status in EXPERT_CAN_SCORE),
        "today": timezone.localdate(),
    }


def evaluation_of(assignment):
    """The assignment's evaluation, or an unsaved empty one (reading never creates it: the first save does)."""
    return Evaluation.objects.filter(assignment=assignment).first() or Evaluation(assignment=assignment, version=1)


def evaluation_data(assignment):
    """The evaluation as the API shows it: every criterion of the rubric with its score and comment."""
    evaluation = Evaluation.objects.filter(assignment=assignment).first()
    criteria = criteria_in_order(assignment.application.competition_id)
    stored = {s.criterion_id: s for s in evaluation.scores.all()} if evaluation else {}
    return {
        "assignment": assignment.pk,
        "scores": [{"criterion": c.pk, "order": c.order, "title": c.title,
                    "value": stored[c.pk].value if c.pk in stored else None,
                    "comment": stored[c.pk].comment if c.pk in stored else ""} for c in criteria],
        "comment": evaluation.comment if evaluation else "",
        "total": evaluation.total if evaluation else None,
        "version": evaluation.version if evaluation else 0,
        "submitted_at": evaluation.submitted_at if evaluation else None,
    }
