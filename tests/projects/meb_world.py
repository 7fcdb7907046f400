"""Projects for the monitoring and evaluation tests (brief meb), reached through the services only.

``running_project(official)``: the first winner's project with its agreement in force (in progress).
``finished_project(official)``: the same with both tranches paid, both reports accepted, in evaluation.
``publish_evaluation(project, official, points=...)``: a panel of two experts that scores and is published."""

from datetime import date

from projects.enums import ProjectStatus
from projects.models import Project
from projects.services import (
    agreement_create,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    project_start_evaluation,
    project_start_final_reporting,
    report_accept,
    report_save,
    report_submit,
    tranche_approve,
    tranche_pay,
)
from projects.services.evaluation import (
    evaluation_form_panel,
    evaluation_publish,
    evaluator_declare,
    evaluator_save,
    evaluator_submit,
)
from tests import factories as f
from tests.projects.world import published_world


def running_project(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = Project.objects.get(rank=1)
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    agreement_sign_body(agreement=agreement, actor=official)
    project.refresh_from_db()
    if project.curator_id is None:
        project.curator = official
        project.save(update_fields=["curator"])
    return project, ngo


def _report(period, ngo, official, spent):
    report = period.report
    report_save(report=report, actor=ngo, narrative="Trainings held.", spent_total=spent)
    report_submit(report=report, actor=ngo)
    report_accept(report=report, actor=official)


def finished_project(official, *, to_evaluation=True):
    project, ngo = running_project(official)
    first, second = project.tranches.all()
    interim, final = project.periods.all()
    for number, tranche in enumerate((first, second), start=1):
        if number == 2:
            _report(interim, ngo, official, "700000")
            tranche.refresh_from_db()
        tranche_approve(tranche=tranche, actor=official)
        tranche_pay(tranche=tranche, payment_order_number=f"PP-{number}", payment_order_date=date(2026, 3, number),
                    actor=official)
    project_start_final_reporting(project=project, actor=official)
    _report(final, ngo, official, "1450000")
    if to_evaluation:
        project_start_evaluation(project=project, actor=official)
    project.refresh_from_db()
    assert project.status == (ProjectStatus.EVALUATING if to_evaluation else ProjectStatus.FINAL_REPORTING)
    return project, ngo


def publish_evaluation(project, official, *, points=(9, 8), experts=None):
    experts = experts or [f.ExpertProfileFactory(), f.ExpertProfileFactory()]
    evaluation = evaluation_form_panel(project=project, experts=experts, actor=official)
    criteria = list(evaluation.rubric.criteria.all())
    seats = list(evaluation.evaluators.order_by("id").select_related("expert__user"))
    for seat in seats:
        evaluator_declare(evaluator=seat, has_conflict=False, actor=seat.expert.user)
    for seat, value in zip(seats, points, strict=False):
        user = seat.expert.user
        evaluator_save(evaluator=seat, actor=user,
                       scores={c.pk: (value, f"Verdict on {c.order}") for c in criteria})
        evaluator_submit(evaluator=seat, actor=user)
    evaluation.refresh_from_db()
    return evaluation_publish(evaluation=evaluation, conclusion="The project reached its aim.", actor=official)
