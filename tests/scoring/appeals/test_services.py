"""Appeals filed within the window and decided with reasons (scoring.appeals.services)."""

from datetime import date

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.errors import DomainError
from scoring.appeals.deadline import appeal_deadline
from scoring.appeals.services import appeal_decide, appeal_file
from scoring.assignment.services import assignment_transition
from scoring.calc.totals import weighted_total
from scoring.enums import AppealStatus, AssignmentStatus
from scoring.models import Assignment, CriterionScore, Evaluation
from scoring.ranking.selectors import published_snapshot
from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.scoring.results_world import at

pytestmark = pytest.mark.django_db


def test_appeal_window_counts_working_days_across_a_holiday(published):
    competition, a, b, user_a, user_b = published
    # Published Thursday 30 April 2026. Friday 1 May is a public holiday, 2-3 May a weekend:
    # working days 4, 5, 6 May -> the last day is Wednesday 6 May (Thursday 7 May is a holiday too).
    assert appeal_deadline(competition) == date(2026, 5, 6)
    appeal = appeal_file(application=b, reason="Criterion 2 was misread", actor=user_b,
                         now=at(date(2026, 5, 6), 23))
    assert appeal.status == AppealStatus.PENDING
    with pytest.raises(DomainError) as late:
        appeal_file(application=a, reason="Late", actor=user_a, now=at(date(2026, 5, 7), 9))
    assert late.value.code == "window_closed"


def test_appeal_needs_a_reason_and_only_one_pending(published):
    competition, a, b, user_a, user_b = published
    with pytest.raises(DomainError) as empty:
        appeal_file(application=b, reason="  ", actor=user_b, now=at(date(2026, 5, 4)))
    assert empty.value.code == "reason_required"
    appeal_file(application=b, reason="Unfair", actor=user_b, now=at(date(2026, 5, 4)))
    with pytest.raises(DomainError) as twice:
        appeal_file(application=b, reason="Again", actor=user_b, now=at(date(2026, 5, 4)))
    assert twice.value.code == "already_pending"


def test_dismissed_appeal_needs_reasoning_and_changes_nothing(published, official):
    competition, a, b, user_a, user_b = published
    appeal = appeal_file(application=b, reason="Unfair", actor=user_b, now=at(date(2026, 5, 4)))
    with pytest.raises(DomainError) as missing:
        appeal_decide(appeal=appeal, decision=AppealStatus.DISMISSED, reasoning="", actor=official)
    assert missing.value.code == "reasoning_required"
    appeal_decide(appeal=appeal, decision=AppealStatus.DISMISSED, reasoning="Scores are consistent", actor=official)
    appeal.refresh_from_db()
    competition.refresh_from_db()
    assert (appeal.status, appeal.reasoning) == (AppealStatus.DISMISSED, "Scores are consistent")
    assert competition.status == CompetitionStatus.RESULTS_PUBLISHED
    assert AuditEvent.objects.filter(action="appeal.dismissed", reason="Scores are consistent").count() == 1


def rescore(assignment, values, actor):
    criteria = list(assignment.application.competition.rubric.criteria.order_by("order"))
    evaluation = assignment.evaluation
    for criterion, value in zip(criteria, values, strict=True):
        CriterionScore.objects.filter(evaluation=evaluation, criterion=criterion).update(value=value)
    scores = dict(CriterionScore.objects.filter(evaluation=evaluation).values_list("criterion_id", "value"))
    Evaluation.objects.filter(pk=evaluation.pk).update(total=weighted_total(scores, criteria))
    assignment_transition(assignment=assignment, to=AssignmentStatus.SUBMITTED, actor=actor)


def test_upheld_appeal_reopens_refreezes_and_republishes_with_a_new_snapshot(published, official):
    competition, a, b, user_a, user_b = published
    first = published_snapshot(competition)
    appeal = appeal_file(application=b, reason="Expert 1 misread criterion 1", actor=user_b,
                         now=at(date(2026, 5, 4)))
    reopened = Assignment.objects.filter(application=b).order_by("id")[:2]
    appeal_decide(appeal=appeal, decision=AppealStatus.UPHELD, reasoning="Both criteria misread",
                  actor=official, reopen_assignment_ids=[x.pk for x in reopened])
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.UNDER_REVIEW
    assert set(Assignment.objects.filter(application=b).values_list("status", flat=True)) == {"reopened"}
    # While revised, the public keeps seeing the published snapshot.
    assert published_snapshot(competition) == first
    for assignment in Assignment.objects.filter(application=b):
        rescore(assignment, [10, 10], official)  # B now scores 20 > A's 16
    second = ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    f.approve_ranking(competition, actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results_publish(competition=competition, actor=official)
    a.refresh_from_db()
    b.refresh_from_db()
    first.refresh_from_db()
    competition.refresh_from_db()
    assert (second.number, second.is_current, first.is_current) == (2, True, False)
    assert published_snapshot(competition) == second
    # B (1 M) is now first and funded; A (1.5 M) no longer fits in the 1 M left -> reserve.
    assert (b.status, b.awarded_amount) == (ApplicationStatus.WINNER, 1000000)
    assert (a.status, a.awarded_amount) == (ApplicationStatus.RESERVE, None)
    actions = list(AuditEvent.objects.filter(scope=f"competition:{competition.pk}").values_list("action", flat=True))
    for action in ("appeal.filed", "appeal.upheld", "competition.under_review", "ranking.frozen",
                   "application.reserve", "results.published"):
        assert action in actions
    assert actions.count("results.published") == 2
    assert verify_chain().ok
    assert timezone.localdate(competition.results_published_at) >= date(2026, 5, 4)
    # The public page shows the new results and keeps the earlier published version on record.
    page = Client().get(f"/competitions/{competition.reference}/results/").content.decode()
    assert second.sha256 in page and first.sha256 in page
    assert f"/competitions/{competition.reference}/results/snapshot-1.json" in page


def test_reopening_requires_upheld(published, official):
    competition, a, b, user_a, user_b = published
    appeal = appeal_file(application=b, reason="x", actor=user_b, now=at(date(2026, 5, 4)))
    with pytest.raises(DomainError) as refused:
        appeal_decide(appeal=appeal, decision=AppealStatus.DISMISSED, reasoning="no",
                      actor=official, reopen_assignment_ids=[Assignment.objects.filter(application=b).first().pk])
    assert refused.value.code == "reopen_not_upheld"
