"""Reads behind each expert's performance across competitions (pure arithmetic in ``scoring.calc.performance``)
and calibration results, shown to officials when they build a pool. A fixed number of queries for any number
of experts."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum
from django.db.models.functions import Length
from django.utils import timezone

from ..calc.performance import Performance, Scored, performance
from ..enums import AppealStatus, AssignmentStatus
from ..models import Appeal, Assignment, CalibrationAttempt, CourseCompletion, Criterion, CriterionScore, Evaluation


def performance_by_expert(expert_ids):
    """``{expert_id: Performance}`` over every submitted evaluation of these experts."""
    expert_ids = list(expert_ids)
    own = list(Assignment.objects.filter(expert_id__in=expert_ids, status=AssignmentStatus.SUBMITTED,
                                         evaluation__submitted_at__isnull=False)
               .values("expert_id", "application_id", "application__competition_id", "due_on",
                       "evaluation__id", "evaluation__total", "evaluation__submitted_at"))
    competitions = {row["application__competition_id"] for row in own}
    totals = list(Evaluation.objects.filter(assignment__application__competition_id__in=competitions,
                                            submitted_at__isnull=False, total__isnull=False)
                  .values("id", "total", "assignment__application_id", "assignment__application__competition_id"))
    per_app, per_competition = defaultdict(list), defaultdict(list)
    for row in totals:
        per_app[row["assignment__application_id"]].append((row["id"], row["total"]))
        per_competition[row["assignment__application__competition_id"]].append(row["total"])
    maxima = dict(Criterion.objects.filter(rubric__competition_id__in=competitions)
                  .values("rubric__competition_id").annotate(m=Sum(F("weight") * F("max_score")))
                  .values_list("rubric__competition_id", "m"))
    comments = defaultdict(list)
    for evaluation_id, length in (CriterionScore.objects.filter(evaluation_id__in=[r["evaluation__id"] for r in own])
                                  .annotate(n=Length("comment")).values_list("evaluation_id", "n")):
        comments[evaluation_id].append(length)
    scored_applications = {r["application_id"] for r in own}
    upheld = set(Appeal.objects.filter(status=AppealStatus.UPHELD, application_id__in=scored_applications)
                 .values_list("application_id", flat=True))
    rows = defaultdict(list)
    for row in own:
        if row["evaluation__total"] is None:
            continue
        submitted_on = timezone.localdate(row["evaluation__submitted_at"])
        competition = row["application__competition_id"]
        rows[row["expert_id"]].append(Scored(
            total=row["evaluation__total"], on_time=row["due_on"] is None or submitted_on <= row["due_on"],
            co_totals=tuple(t for pk, t in per_app[row["application_id"]] if pk != row["evaluation__id"]),
            competition_totals=tuple(per_competition[competition]),
            max_total=Decimal(maxima.get(competition) or 0), comment_lengths=tuple(comments[row["evaluation__id"]]),
            upheld_appeal=row["application_id"] in upheld))
    return {pk: performance(rows[pk]) if rows[pk] else Performance() for pk in expert_ids}


def calibration_by_expert(expert_ids):
    """``{expert_id: latest CalibrationAttempt}`` (one query)."""
    latest = {}
    for attempt in (CalibrationAttempt.objects.filter(expert_id__in=list(expert_ids))
                    .select_related("exercise").order_by("expert_id", "-submitted_at", "-id")):
        latest.setdefault(attempt.expert_id, attempt)
    return latest


def course_by_expert(expert_ids):
    """``{expert_id: CourseCompletion}`` (one query)."""
    return {c.expert_id: c for c in CourseCompletion.objects.filter(expert_id__in=list(expert_ids))}


def attach_track_records(experts):
    """Set ``performance``, ``calibration`` and ``course`` (the methodology course's completion, or None) on each
    expert (for the pool page): a fixed number of reads for all of them."""
    ids = [e.pk for e in experts]
    figures, calibrations, courses = performance_by_expert(ids), calibration_by_expert(ids), course_by_expert(ids)
    for expert in experts:
        expert.performance = figures.get(expert.pk)
        expert.calibration = calibrations.get(expert.pk)
        expert.course = courses.get(expert.pk)
    return experts
