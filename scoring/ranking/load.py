"""What the ranking reads from the database, one query each: the ranked applications, the competition's
criteria and every submitted score, the assignments' states (for the blockers), the declared conflicts.
The arithmetic is ``scoring.calc.aggregation``; the order and outcomes ``scoring.ranking.compute``."""

from django.db.models import Count

from applications.enums import OUTCOMES, ApplicationStatus
from applications.models import Application

from ..calc.aggregation import CompetitionAggregate, aggregate_rows
from ..enums import AssignmentStatus
from ..models import Assignment, ConflictDeclaration, CriterionScore
from ..rubrics.selectors import criteria_in_order

# Applications that take part in a ranking: admitted, or already given an outcome (re-ranking after an appeal).
RANKED_APPLICATION_STATUSES = frozenset({ApplicationStatus.ADMITTED, *OUTCOMES})


def ranked_applications(competition):
    """(pk, registration number, organisation, title, requested amount, submitted at) of each ranked bid."""
    return (Application.objects
            .filter(competition_id=competition.pk, status__in=RANKED_APPLICATION_STATUSES)
            .values_list("pk", "registration_number", "organization__name", "title", "requested_amount",
                         "submitted_at"))


def load_submitted_scores(competition):
    """ONE query: every criterion score of every submitted evaluation of the competition's ranked bids."""
    return CriterionScore.objects.filter(
        evaluation__assignment__application__competition_id=competition.pk,
        evaluation__assignment__application__status__in=RANKED_APPLICATION_STATUSES,
        evaluation__assignment__status=AssignmentStatus.SUBMITTED,
    ).values_list("evaluation__assignment__application_id", "evaluation__assignment_id",
                  "evaluation__assignment__expert_id", "criterion_id", "value")


def aggregate_competition(competition, *, criteria=None, rows=None) -> CompetitionAggregate:
    """Aggregate every ranked application of ``competition`` (two queries: criteria and scores)."""
    criteria = criteria_in_order(competition.pk) if criteria is None else criteria
    rows = load_submitted_scores(competition) if rows is None else rows
    return aggregate_rows(criteria=criteria, rows=rows, method=competition.aggregation,
                          threshold_percent=competition.divergence_threshold_percent)


def assignment_statuses(competition):
    """(application id, status) of every assignment of the ranked applications."""
    return Assignment.objects.filter(
        application__competition_id=competition.pk, application__status__in=RANKED_APPLICATION_STATUSES,
    ).values_list("application_id", "status")


def declared_conflicts(competition):
    """How many experts declared a conflict of interest, in all and by type."""
    declared = (ConflictDeclaration.objects
                .filter(assignment__application__competition_id=competition.pk, has_conflict=True)
                .values("conflict_type").annotate(n=Count("id")).order_by("conflict_type"))
    by_type = {row["conflict_type"]: row["n"] for row in declared}
    return {"declared": sum(by_type.values()), "by_type": by_type}
