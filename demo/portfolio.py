"""Projects in every state, for the portfolio dashboard, the cabinets and the track record, moved on through the
projects services only (as the official and the organisation would, each acting as themselves):

* youth-centres-2025: ngo1 closed (both tranches paid, reports accepted, unspent money returned), ngo2 terminated
  early with an amount to recover, ngo3 in the evaluation of results;
* elderly-care-2026: ngo2 in final reporting, ngo1 declined the grant, ngo3 awarded a lower amount, its revised
  budget awaiting the official's review;
* rural-inclusion-3y: ngo2's three-year project in its second year (the first annual decision: continue; the
  year-2 tranche paid; the year-2 report due)."""

from datetime import timedelta
from decimal import Decimal

from projects import calc, services
from projects.enums import TrancheSchedule, TrancheStatus
from projects.models import Project
from projects.services.evaluation import (
    evaluation_form_panel,
    evaluation_publish,
    evaluator_declare,
    evaluator_save,
    evaluator_submit,
)


def _projects(competition):
    return {project.organization_id: project for project in
            Project.objects.select_related("organization").filter(competition=competition)}


def _in_force(ctx, project, schedule):
    ngo = ctx.member(project.organization)
    agreement = services.agreement_create(project=project, actor=ctx.official, schedule=schedule)
    services.agreement_send(agreement=agreement, actor=ctx.official)
    services.agreement_sign_ngo(agreement=agreement, actor=ngo)
    services.agreement_sign_body(agreement=agreement, actor=ctx.official)
    return ngo


def _pay(ctx, project, number, days_ago):
    tranche = project.tranches.get(number=number)
    if tranche.status == TrancheStatus.DUE:
        services.tranche_approve(tranche=tranche, actor=ctx.official)
    services.tranche_pay(tranche=tranche, payment_order_number=f"ПП-{project.pk:03d}-{number}", actor=ctx.official,
                         payment_order_date=(ctx.now - timedelta(days=days_ago)).date())
    return tranche


def _report(ctx, project, ngo, number, spent, text):
    report = project.periods.get(number=number).report
    services.report_save(report=report, actor=ngo, narrative=text, beneficiaries_reached=100, spent_total=spent,
                         public_summary=text)
    services.report_submit(report=report, actor=ngo)
    services.report_accept(report=report, actor=ctx.official)


def _through_final_report(ctx, project):
    ngo = _in_force(ctx, project, TrancheSchedule.HALVES)
    first = _pay(ctx, project, 1, 200)
    _report(ctx, project, ngo, 1, first.amount - 20_000, "Первое полугодие: центр открыт, 14 кружков работают.")
    second = _pay(ctx, project, 2, 90)
    services.project_start_final_reporting(project=project, actor=ctx.official)
    spent = first.amount + second.amount - 35_000
    _report(ctx, project, ngo, 2, spent, "Проект завершён: все мероприятия проведены, методика передана району.")
    services.project_start_evaluation(project=project, actor=ctx.official)
    return ngo, first.amount + second.amount - spent


def _evaluate(ctx, project, points=(9, 8)):
    """Two experts of the register score the results; the official publishes the outcome (closing needs it)."""
    experts = [ctx.experts["expert3"], ctx.experts["expert4"]]
    evaluation = evaluation_form_panel(project=project, experts=experts, actor=ctx.official)
    criteria = list(evaluation.rubric.criteria.all())
    seats = list(evaluation.evaluators.order_by("id").select_related("expert__user"))
    for seat in seats:
        evaluator_declare(evaluator=seat, has_conflict=False, actor=seat.expert.user)
    for seat, value in zip(seats, points, strict=True):
        user = seat.expert.user
        evaluator_save(evaluator=seat, actor=user, scores={c.pk: (value, "Цели проекта достигнуты, результаты "
                                                                         "подтверждены отчётами и визитом.")
                                                           for c in criteria})
        evaluator_submit(evaluator=seat, actor=user)
    evaluation.refresh_from_db()
    evaluation_publish(evaluation=evaluation, actor=ctx.official,
                       conclusion="Проект достиг цели: центр работает, методика передана району.")


def closed(ctx, project):
    ngo, unspent = _through_final_report(ctx, project)
    _evaluate(ctx, project)
    services.project_declare_unspent(project=project, amount=unspent, actor=ngo)
    services.project_record_return(project=project, amount=unspent, actor=ctx.official, document="ПП-В-0031",
                                   returned_on=(ctx.now - timedelta(days=20)).date())
    services.project_close(project=project, actor=ctx.official)


def evaluating(ctx, project):
    _through_final_report(ctx, project)


def terminated(ctx, project):
    _in_force(ctx, project, TrancheSchedule.HALVES)
    _pay(ctx, project, 1, 220)
    services.project_terminate(project=project, actor=ctx.official, recover_amount=Decimal("200000"),
                               reason="Организация прекратила деятельность центра после ухода руководителя; "
                                      "мероприятия второго полугодия не проводились.")


def final_reporting(ctx, project):
    ngo = _in_force(ctx, project, TrancheSchedule.HALVES)
    first = _pay(ctx, project, 1, 150)
    _report(ctx, project, ngo, 1, first.amount - 10_000, "Патронаж 150 подопечных; 12 социальных работников.")
    _pay(ctx, project, 2, 30)
    services.project_start_final_reporting(project=project, actor=ctx.official)


def declined(ctx, project):
    services.project_decline(project=project, actor=ctx.member(project.organization), offer_next=False,
                             reason="Организация не располагает помещением на весь срок проекта.")


def revising(ctx, project):
    """A lower amount funded; the organisation's revised budget (every line cut in proportion) awaits review."""
    amount = (project.awarded_amount * Decimal("0.85") / 1000).to_integral_value() * 1000
    services.project_fund_lower(project=project, amount=amount, actor=ctx.official,
                                reason="Средства перераспределены на второй лот; объём услуг сокращён на 15 %.")
    project.refresh_from_db()
    lines = list(project.budget_lines.all())
    parts = calc.split_proportionally(amount, [line.amount for line in lines])
    services.revision_submit(project=project, actor=ctx.member(project.organization), lines=[
        {"category": line.category, "description": line.description, "year": line.year, "amount": str(part)}
        for line, part in zip(lines, parts, strict=True)])


def second_year(ctx, project):
    """Three years: year 1 paid and reported, continued into year 2, whose tranche is paid and report due."""
    ngo = _in_force(ctx, project, TrancheSchedule.PER_YEAR)
    first = _pay(ctx, project, 1, 380)
    _report(ctx, project, ngo, 1, first.amount - 5_000, "Первый год: открыты 3 пункта реабилитации из 5.")
    services.year_decide(project=project, year=project.years[1], decision="continue", actor=ctx.official,
                         reasons="Годовой отчёт принят, мониторинг подтвердил работу трёх пунктов.")
    _pay(ctx, project, 2, 300)


PLAN = {
    "youth-centres-2025": {"ngo1": closed, "ngo2": terminated, "ngo3": evaluating},
    "elderly-care-2026": {"ngo2": final_reporting, "ngo1": declined, "ngo3": revising},
    "rural-inclusion-3y": {"ngo2": second_year},
}


def move_projects(ctx, competition, spec):
    projects = _projects(competition)
    for org_key, step in PLAN.get(spec.key, {}).items():
        project = projects.get(ctx.organizations[org_key].pk)
        if project is not None:
            step(ctx, project)
