from datetime import date
from decimal import Decimal

import pytest

from portal.accounts.models import ExpertAffiliation
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from projects.enums import EvaluationStatus, EvaluatorStatus, OutcomeClass, ProjectStatus
from projects.outcome import outcome_class, panel_total
from projects.services import project_close, project_declare_unspent, project_record_return
from projects.services.evaluation import (
    evaluation_add_evaluator,
    evaluation_form_panel,
    evaluation_publish,
    evaluator_declare,
    evaluator_save,
    evaluator_submit,
    parse_scores,
)
from scoring.errors import ProblemsError
from tests import factories as f
from tests.projects.meb_world import finished_project, publish_evaluation, running_project

D = Decimal
THRESHOLDS = {"successful": 80, "satisfactory": 60}


@pytest.mark.parametrize(("total", "expected"), [
    ("50", OutcomeClass.SUCCESSFUL), ("40", OutcomeClass.SUCCESSFUL), ("39.99", OutcomeClass.SATISFACTORY),
    ("30", OutcomeClass.SATISFACTORY), ("29.5", OutcomeClass.UNSATISFACTORY), ("0", OutcomeClass.UNSATISFACTORY)])
def test_the_outcome_class_is_a_pure_function_of_the_total(total, expected):
    assert outcome_class(D(total), D("50"), THRESHOLDS) == expected


def test_the_panel_total_is_the_mean_to_the_cent():
    assert panel_total([D("45"), D("40")]) == D("42.50")
    assert panel_total([D("10"), D("10"), D("11")]) == D("10.33")
    assert panel_total([]) is None


@pytest.mark.django_db
def test_a_panel_scores_the_project_and_the_official_publishes_the_outcome(official):
    project, ngo = finished_project(official)
    evaluation = publish_evaluation(project, official, points=(9, 7))
    assert evaluation.status == EvaluationStatus.PUBLISHED and evaluation.published_at is not None
    # 5 criteria of 0-10: totals 45 and 35, mean 40 of 50 = 80 %: successful
    assert (evaluation.total, evaluation.outcome) == (D("40.00"), OutcomeClass.SUCCESSFUL)
    done = AuditEvent.objects.get(action="project_evaluation.done")
    assert done.after["outcome"] == "successful"
    paid = sum(t.amount for t in project.tranches.all())
    project_declare_unspent(project=project, amount=paid - D("1450000"), actor=ngo)
    project_record_return(project=project, amount=paid - D("1450000"), returned_on=date(2027, 1, 10),
                          document="PP-R", actor=official)
    project_close(project=project, actor=official)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED


@pytest.mark.django_db
def test_closing_needs_a_published_evaluation(official):
    project, ngo = finished_project(official)
    project_declare_unspent(project=project, amount="0", actor=ngo)
    with pytest.raises(DomainError) as refused:
        project_close(project=project, actor=official)
    assert refused.value.code == "evaluation_not_published"


@pytest.mark.django_db
def test_the_panel_starts_only_after_the_final_report_and_with_two_free_experts(official):
    project, _ngo = running_project(official)
    one, two = f.ExpertProfileFactory(), f.ExpertProfileFactory()
    with pytest.raises(DomainError) as refused:
        evaluation_form_panel(project=project, experts=[one, two], actor=official)
    assert refused.value.code == "final_report_not_accepted"


@pytest.mark.django_db
def test_conflicts_block_and_a_declared_conflict_needs_a_replacement(official):
    project, _ngo = finished_project(official, to_evaluation=False)  # final report accepted is enough
    one, two, three = f.ExpertProfileFactory(), f.ExpertProfileFactory(), f.ExpertProfileFactory()
    member = f.ExpertProfileFactory()
    f.MembershipFactory(user=member.user, organization=project.organization, role="member")
    affiliated = f.ExpertProfileFactory()
    ExpertAffiliation.objects.create(expert=affiliated, organization_bin=project.organization.bin, kind="employee")
    with pytest.raises(DomainError) as refused:
        evaluation_form_panel(project=project, experts=[one], actor=official)
    assert refused.value.code == "panel_too_small"
    for blocked in (member, affiliated):
        with pytest.raises(DomainError) as refused:
            evaluation_form_panel(project=project, experts=[one, blocked], actor=official)
        assert refused.value.code == "expert_conflict"
    evaluation = evaluation_form_panel(project=project, experts=[one, two], actor=official)
    first, second = evaluation.evaluators.order_by("id")
    with pytest.raises(DomainError) as refused:
        evaluator_declare(evaluator=second, has_conflict=True, actor=two.user)
    assert refused.value.code == "note_required"
    evaluator_declare(evaluator=second, has_conflict=True, note="I advised them last year", actor=two.user)
    evaluator_declare(evaluator=first, has_conflict=False, actor=one.user)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PANEL  # one free evaluator only
    criteria = list(evaluation.rubric.criteria.all())
    with pytest.raises(DomainError):
        evaluator_save(evaluator=second, scores={}, actor=two.user)
    with pytest.raises(ProblemsError) as refused:
        evaluator_save(evaluator=first, scores={criteria[0].pk: (D("11"), "")}, actor=one.user)
    assert refused.value.problems[0][0] == f"criterion:{criteria[0].pk}"
    evaluator_save(evaluator=first, scores={c.pk: (D("6"), "") for c in criteria}, actor=one.user)
    with pytest.raises(DomainError) as refused:
        evaluator_submit(evaluator=first, actor=one.user)
    assert refused.value.code == "not_scoring"
    third = evaluation_add_evaluator(evaluation=evaluation, expert=three, actor=official)
    evaluator_declare(evaluator=third, has_conflict=False, actor=three.user)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SCORING
    with pytest.raises(ProblemsError) as refused:
        evaluator_submit(evaluator=first, actor=one.user)
    assert {field for field, _m in refused.value.problems} == {f"comment:{c.pk}" for c in criteria}
    for seat, user, value in ((first, one.user, "6"), (third, three.user, "5")):
        evaluator_save(evaluator=seat, scores={c.pk: (D(value), "Solid") for c in criteria}, actor=user)
        evaluator_submit(evaluator=seat, actor=user)
    evaluation.refresh_from_db()
    second.refresh_from_db()
    assert second.status == EvaluatorStatus.CONFLICT
    assert (evaluation.status, evaluation.total, evaluation.outcome) == (
        EvaluationStatus.DONE, D("27.50"), OutcomeClass.UNSATISFACTORY)
    evaluation_publish(evaluation=evaluation, actor=official)
    with pytest.raises(DomainError):
        evaluation_publish(evaluation=evaluation, actor=official)


def test_parse_scores_names_unknown_criteria_and_bad_numbers():
    class C:
        def __init__(self, pk):
            self.pk = pk
    assert parse_scores([C(1)], {"1": {"points": "7,5", "verdict": " ok "}}) == {1: (D("7.5"), "ok")}
    with pytest.raises(ProblemsError) as refused:
        parse_scores([C(1)], {"2": {"points": "1"}, "x": {}})
    assert [field for field, _m in refused.value.problems] == ["criterion:2", "criterion:x"]
    with pytest.raises(ProblemsError):
        parse_scores([C(1)], {"1": {"points": "seven"}})
