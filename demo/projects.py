"""Projects after the award, through the projects services: the winner of the published competition is under
contract (its agreement sent for signature), the winner of the final one is running (agreement in force, the
first tranche paid, the interim report being written)."""

from datetime import timedelta

from projects import services
from projects.enums import TrancheSchedule
from projects.models import Project


def _project(competition):
    return Project.objects.select_related("organization").filter(competition=competition).order_by("rank").first()


def under_contract(ctx, competition):
    project = _project(competition)
    if project is None:
        return None
    agreement = services.agreement_create(project=project, actor=ctx.official, schedule=TrancheSchedule.HALVES)
    services.agreement_send(agreement=agreement, actor=ctx.official)
    return project


def running(ctx, competition):
    project = _project(competition)
    if project is None:
        return None
    ngo = ctx.member(project.organization)
    agreement = services.agreement_create(project=project, actor=ctx.official, schedule=TrancheSchedule.HALVES)
    services.agreement_send(agreement=agreement, actor=ctx.official)
    services.agreement_sign_ngo(agreement=agreement, actor=ngo)
    services.agreement_sign_body(agreement=agreement, actor=ctx.official)
    first = project.tranches.get(number=1)
    services.tranche_approve(tranche=first, actor=ctx.official)
    services.tranche_pay(tranche=first, payment_order_number="ПП-0417", actor=ctx.official,
                         payment_order_date=(ctx.now - timedelta(days=20)).date())
    services.report_save(report=project.periods.get(number=1).report, actor=ngo,
                         narrative="Проведены 12 занятий по цифровой грамотности в трёх районах; 96 слушателей.",
                         beneficiaries_reached=96, spent_total=first.amount / 2)
    return project
