"""Reads of the ranking, reports, published results and appeals."""

from django.db.models import Prefetch

from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.accounts.selectors import roles_for_user
from portal.audit.models import AuditEvent

from .enums import AssignmentStatus
from .models import Appeal, Assignment, CriterionScore, RankingSnapshot, Report

PUBLISHED_ACTION = "results.published"


def ranking_competitions_for_user(user):
    """Competitions whose ranking pages the user may open: officials and observers of the body, admins."""
    roles = roles_for_user(user)
    qs = Competition.objects.select_related("body", "priority_area")
    return qs if roles.is_admin else qs.filter(body_id__in=roles.followed_body_ids)


def snapshots_of(competition):
    return RankingSnapshot.objects.filter(competition=competition).select_related("frozen_by").defer(
        "data", "canonical").order_by("-number")


def reports_of(snapshot, *, language=None):
    """The reports of a snapshot in one language (the active one by default), by format."""
    from django.utils import translation

    language = (language or translation.get_language() or "ru")[:2]
    return {r.format: r for r in Report.objects.filter(snapshot=snapshot, language=language)}


def published_snapshot(competition):
    """The snapshot whose results were published last (the record is the audit event of the publication).

    While an upheld appeal has the competition back under review, this is still the previously published
    one: the public keeps seeing what was published, never a frozen-but-unpublished ranking."""
    if competition.results_published_at is None:
        return None
    target_id = (AuditEvent.objects.filter(scope=f"competition:{competition.pk}", action=PUBLISHED_ACTION)
                 .order_by("-id").values_list("target_id", flat=True).first())
    if target_id is None:
        return None
    return RankingSnapshot.objects.filter(competition=competition, pk=int(target_id)).first()


def earlier_published_snapshots(competition, current):
    """Snapshots published before ``current`` (after an upheld appeal), newest first: kept public for the record."""
    published_ids = {int(pk) for pk in AuditEvent.objects.filter(
        scope=f"competition:{competition.pk}", action=PUBLISHED_ACTION).values_list("target_id", flat=True)}
    return (RankingSnapshot.objects.filter(competition=competition, pk__in=published_ids - {current.pk})
            .defer("data", "canonical").order_by("-number"))


def competitions_with_public_results():
    return Competition.objects.select_related("body").filter(results_published_at__isnull=False).exclude(
        status=CompetitionStatus.CANCELLED)


def applications_for_results(user):
    """Applications whose results page the user may open: members of the applicant; officials and observers."""
    roles = roles_for_user(user)
    qs = Application.objects.select_related("competition__body", "organization")
    if roles.is_admin:
        return qs
    from django.db.models import Q

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


def appeals_of_competition(competition):
    return (Appeal.objects.filter(application__competition=competition)
            .select_related("application__organization", "decided_by").order_by("-filed_at"))


def appeals_of_application(application):
    return Appeal.objects.filter(application=application).order_by("-filed_at")
