"""Services of the evaluation: draft, submission, reopening, divergence."""

from decimal import Decimal as D

import pytest

from portal.errors import DomainError, StaleVersionError
from portal.notifications.models import Notification
from scoring.enums import AssignmentStatus
from scoring.errors import ProblemsError
from scoring.evaluation.services import evaluation_reopen, evaluation_save_draft, evaluation_submit
from tests.scoring.review_world import accepted, full_scores

pytestmark = pytest.mark.django_db


def test_draft_submit_total_and_read_only(review, official):
    _competition, criteria, _applications, _experts = review
    assignment = accepted(review, official)
    user = assignment.expert.user
    scores = full_scores(criteria)
    partial = {criteria[0].pk: (D(8), "")}
    evaluation = evaluation_save_draft(assignment=assignment, actor=user, scores=partial, version=1)
    assert evaluation.total == D(8) and evaluation.version == 2
    with pytest.raises(StaleVersionError):
        evaluation_save_draft(assignment=assignment, actor=user, scores=scores, version=1)
    with pytest.raises(ProblemsError) as refused:
        evaluation_submit(assignment=assignment, actor=user)
    assert {key for key, _m in refused.value.problems} == {f"comment:{criteria[0].pk}", f"criterion:{criteria[1].pk}",
                                                          f"criterion:{criteria[2].pk}"}
    with pytest.raises(ProblemsError):
        evaluation_save_draft(assignment=assignment, actor=user,
                                       scores={criteria[1].pk: (D("4.25"), "")}, version=2)
    evaluation_save_draft(assignment=assignment, actor=user, scores=scores, version=2, comment="Good")
    evaluation = evaluation_submit(assignment=assignment, actor=user)
    assert evaluation.total == D(8) + 2 * D("4.5") + D("0.5") * 7  # 20.5
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    with pytest.raises(DomainError):
        evaluation_save_draft(assignment=assignment, actor=user, scores=scores)


def test_reopen_needs_reason_and_notifies(review, official):
    _competition, criteria, _applications, _experts = review
    assignment = accepted(review, official)
    user = assignment.expert.user
    evaluation_save_draft(assignment=assignment, actor=user, scores=full_scores(criteria))
    evaluation_submit(assignment=assignment, actor=user)
    with pytest.raises(ProblemsError):
        evaluation_reopen(assignment=assignment, actor=official, reason="")
    evaluation_reopen(assignment=assignment, actor=official, reason="Criterion 2 comment missing")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REOPENED
    assert Notification.objects.filter(user=user, body__contains="Criterion 2 comment missing").exists()
    evaluation_submit(assignment=assignment, actor=user)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED


def test_divergence_adds_an_expert_automatically_when_configured(review, official):
    competition, criteria, applications, experts = review
    competition.auto_add_expert_on_divergence = True
    competition.save()
    first, second = accepted(review, official, 0), accepted(review, official, 1)
    evaluation_save_draft(assignment=first, actor=first.expert.user, scores=full_scores(criteria, (10, 5, 9)))
    evaluation_submit(assignment=first, actor=first.expert.user)  # 24.5
    evaluation_save_draft(assignment=second, actor=second.expert.user,
                                   scores=full_scores(criteria, (1, "0.5", 1)))
    evaluation_submit(assignment=second, actor=second.expert.user)  # 2.5: differs by ~90 %
    assert applications[0].assignments.count() == 3
    third = applications[0].assignments.exclude(pk__in=[first.pk, second.pk]).get()
    assert third.status == AssignmentStatus.OFFERED and third.expert in experts[2:]
