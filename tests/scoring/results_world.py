"""Small hand-made competitions for the ranking, report, results and appeal tests.

``ranked_competition(...)`` builds a competition under review with a rubric of the given criteria;
``scored_application(competition, [[scores of expert 1], [scores of expert 2], ...])`` adds an admitted
application whose assignments are submitted with those criterion scores (totals via ``weighted_total``).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.utils import timezone

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from scoring.calc.totals import weighted_total
from scoring.enums import AssignmentStatus
from scoring.models import CriterionScore, Evaluation
from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f

D = Decimal


def ranked_competition(*, weights=("1", "1"), minimums=None, aggregation="mean", winner_rule="budget",
                       pass_threshold="0", total_budget="10000000", tie_breaks=None, experts=2, body=None,
                       divergence="30", **extra):
    now = timezone.now()
    competition = f.CompetitionFactory(
        status=CompetitionStatus.UNDER_REVIEW, aggregation=aggregation, winner_rule=winner_rule,
        pass_threshold=D(pass_threshold), total_budget=D(total_budget), max_amount=min(D(total_budget),
                                                                                     D("5000000")),
        min_amount=D("100000"), tie_breaks=tie_breaks or [], experts_per_application=experts,
        divergence_threshold_percent=D(divergence),
        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=20),
        **({"body": body} if body else {}), **extra)
    rubric = f.RubricFactory(competition=competition, name="Рубрика / Өлшемшарттар")
    minimums = minimums or [None] * len(weights)
    for order, (weight, minimum) in enumerate(zip(weights, minimums, strict=True), start=1):
        f.CriterionFactory(rubric=rubric, order=order, title=f"Критерий {order} — өлшемшарт",
                           weight=D(weight), min_required=D(minimum) if minimum is not None else None)
    return competition


def scored_application(competition, expert_scores, *, requested="1000000", submitted_at=None, organization=None,
                       title=None, pending=0, comments=True):
    criteria = list(competition.rubric.criteria.order_by("order"))
    application = f.ApplicationFactory(
        competition=competition, status=ApplicationStatus.ADMITTED, requested_amount=D(requested),
        submitted_at=submitted_at or timezone.now() - timedelta(days=25),
        **({"organization": organization} if organization else {}), **({"title": title} if title else {}))
    for index, values in enumerate(expert_scores, start=1):
        assignment = f.AssignmentFactory(application=application, status=AssignmentStatus.SUBMITTED)
        scores = {c.pk: D(str(v)) for c, v in zip(criteria, values, strict=True)}
        evaluation = Evaluation.objects.create(assignment=assignment, total=weighted_total(scores, criteria),
                                               comment=f"Overall comment {index}" if comments else "",
                                               submitted_at=timezone.now())
        CriterionScore.objects.bulk_create([
            CriterionScore(evaluation=evaluation, criterion=c, value=scores[c.pk],
                           comment=f"Comment on {c.order} by expert {index}" if comments else "")
            for c in criteria])
    for _ in range(pending):
        f.AssignmentFactory(application=application, status=AssignmentStatus.ACCEPTED)
    return application


ALMATY = ZoneInfo("Asia/Almaty")


def at(day, hour=12):
    return datetime.combine(day, time(hour), tzinfo=ALMATY)


def published_competition(official):
    """Budget 2 M: A (score 16, 1.5 M) wins; B (score 12, 1 M) does not fit -> reserve."""
    competition = ranked_competition(weights=("1", "1"), total_budget="2000000", pass_threshold="8",
                                     appeal_window_days=3)
    f.OfficialMembershipFactory(user=official, body=competition.body)
    ngo_a, ngo_b = f.MembershipFactory(), f.MembershipFactory()
    a = scored_application(competition, [[8, 8], [8, 8]], requested="1500000", organization=ngo_a.organization)
    b = scored_application(competition, [[6, 6], [6, 6]], requested="1000000", organization=ngo_b.organization)
    ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    f.approve_ranking(competition, actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results_publish(competition=competition, actor=official, now=at(date(2026, 4, 30)))
    competition.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    return competition, a, b, ngo_a.user, ngo_b.user
