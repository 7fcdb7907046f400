"""Reads of the ranking and the published results: snapshots, the one whose results are public, an
applicant's view of its scores. What was published is ``RankingSnapshot.published_at``, never the audit log."""

from django.db.models import Prefetch, Q

from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.accounts.selectors import roles_for_user

from ..enums import AssignmentStatus
from ..models import Assignment, CriterionScore, RankingSnapshot


def snapshots_of(competition):
    """The competition's snapshots, newest first, without their (large) data."""
    return RankingSnapshot.objects.filter(competition=competition).select_related("frozen_by").defer(
        "data", "canonical").order_by("-number")


def snapshot_numbered(competition, number):
    """A queryset holding the competition's snapshot No. ``number`` (the pages answer 404 when it is empty)."""
    return RankingSnapshot.objects.filter(competition=competition, number=number)


def current_snapshot(competition):
    return RankingSnapshot.objects.filter(competition=competition, is_current=True).first()


def published_snapshot(competition):
    """The snapshot whose results were published last.

    While an upheld appeal has the competition back under review, this is still the previously published
    one: the public keeps seeing what was published, never a frozen-but-unpublished ranking."""
    if competition.results_published_at is None:
        return None
    return (RankingSnapshot.objects.filter(competition=competition, published_at__isnull=False)
            .order_by("-published_at", "-number").first())


def earlier_published_snapshots(competition, current):
    """Snapshots published before ``current`` (after an upheld appeal), newest first: kept public for the record."""
    return (RankingSnapshot.objects.filter(competition=competition, published_at__isnull=False)
            .exclude(pk=current.pk).defer("data", "canonical").order_by("-number"))


def competitions_with_public_results():
    return Competition.objects.select_related("body").filter(results_published_at__isnull=False).exclude(
        status=CompetitionStatus.CANCELLED)


def applications_for_results(user):
    """Applications whose results page the user may open: members of the applicant; officials and observers."""
    roles = roles_for_user(user)
    qs = Application.objects.select_related("competition__body", "organization")
    if roles.is_admin:
        return qs
    return qs.filter(Q(organization_id__in=roles.organization_ids)
                     | Q(competition__body_id__in=roles.followed_body_ids))


def expert_scores_for_application(application):
    """Submitted evaluations of the application as anonymous "Expert 1, 2, ..." (by assignment order).

    Returns a list of dicts: label, total, comment, scores (criterion, value, comment). No expert identity."""
    assignments = (Assignment.objects.filter(application=application, status=AssignmentStatus.SUBMITTED)
                   .select_related("evaluation")
                   .prefetch_related(Prefetch("evaluation__scores",
                                              queryset=CriterionScore.objects.select_related("criterion")
                                              .order_by("criterion__order")))
                   .order_by("id"))
    result = []
    for index, assignment in enumerate(assignments, start=1):
        evaluation = getattr(assignment, "evaluation", None)
        if evaluation is None:
            continue
        result.append({"number": index, "total": evaluation.total, "comment": evaluation.comment,
                       "scores": list(evaluation.scores.all())})
    return result
