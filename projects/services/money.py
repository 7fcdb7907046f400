"""Step 3, tranches (planned -> due -> approved -> paid, due -> withheld -> due), and step 7, the annual
decisions of multi-year projects (the next year's tranche is released only on continue).

The money rule, checked under the project's row lock: what is approved or paid never exceeds the project's
amount (``projects.calc.remaining``)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError

from .. import calc
from ..enums import (
    OPEN_TRANCHE_STATUSES,
    ProjectStatus,
    ReportStatus,
    TrancheCondition,
    TrancheStatus,
    YearDecisionKind,
)
from ..models import Project, Tranche, YearDecision
from .transitions import StateError, project_transition, tranche_transition

COMMITTED_TRANCHE_STATUSES = (TrancheStatus.APPROVED, TrancheStatus.PAID)


def _lock_project(project_id):
    return Project.objects.select_for_update().get(pk=project_id)


def _lock(tranche):
    project = _lock_project(tranche.project_id)
    tranche = (Tranche.objects.select_for_update(of=("self",))
        .select_related("condition_period__report").get(pk=tranche.pk))
    tranche.project = project
    return tranche


def condition_met(tranche):
    if tranche.condition == TrancheCondition.AGREEMENT_IN_FORCE:
        return tranche.project.status in {ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING}
    if tranche.condition == TrancheCondition.REPORT_ACCEPTED:
        period = tranche.condition_period
        return period is not None and period.report.status == ReportStatus.ACCEPTED
    return YearDecision.objects.filter(project=tranche.project, year=tranche.year, decision__in=[
        YearDecisionKind.CONTINUE, YearDecisionKind.CONTINUE_REDUCED]).exists()


@transaction.atomic
def tranche_make_due(*, tranche, actor):
    """planned -> due (or withheld -> due) once its condition holds."""
    tranche = _lock(tranche)
    if not condition_met(tranche):
        raise DomainError(_("The condition of this tranche is not met yet: %(condition)s.")
                          % {"condition": tranche.get_condition_display()}, code="condition_not_met")
    tranche.withheld_reason = ""
    return tranche_transition(tranche=tranche, to=TrancheStatus.DUE, actor=actor)


def tranches_release_for_period(*, period, actor):
    """Called when a report is accepted: the tranches waiting for it become due."""
    for tranche in Tranche.objects.filter(condition_period=period, status=TrancheStatus.PLANNED):
        tranche_make_due(tranche=tranche, actor=actor)


def committed_total(project, *, exclude=None):
    rows = project.tranches.filter(status__in=COMMITTED_TRANCHE_STATUSES)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return calc.cents(sum(rows.values_list("amount", flat=True), Decimal("0")))


def paid_total(project):
    return calc.cents(sum(project.tranches.filter(status=TrancheStatus.PAID).values_list("amount", flat=True),
                          Decimal("0")))


def _check_within_award(tranche):
    remaining = calc.remaining(tranche.project.amount, [committed_total(tranche.project, exclude=tranche)])
    if tranche.amount > remaining:
        raise DomainError(_("This payment would exceed what remains of the award (%(remaining)s KZT).")
                          % {"remaining": remaining}, code="over_award")


@transaction.atomic
def tranche_approve(*, tranche, actor):
    tranche = _lock(tranche)
    if tranche.status != TrancheStatus.DUE:
        raise StateError(_("Only a due tranche can be approved."), code="not_due")
    _check_within_award(tranche)
    tranche.approved_by = actor if getattr(actor, "pk", None) else None
    return tranche_transition(tranche=tranche, to=TrancheStatus.APPROVED, actor=actor)


@transaction.atomic
def tranche_pay(*, tranche, payment_order_number, payment_order_date, actor):
    """Record the payment: the payment order's number and date are required."""
    tranche = _lock(tranche)
    number = (payment_order_number or "").strip()
    if not number or payment_order_date is None:
        raise DomainError(_("Enter the payment order's number and date."), code="payment_order_required")
    if tranche.status != TrancheStatus.APPROVED:
        raise StateError(_("Only an approved tranche can be paid."), code="not_approved")
    _check_within_award(tranche)
    tranche.payment_order_number, tranche.payment_order_date = number[:60], payment_order_date
    return tranche_transition(tranche=tranche, to=TrancheStatus.PAID, actor=actor,
                              extra_after={"payment_order": number, "date": payment_order_date.isoformat()})


@transaction.atomic
def tranche_withhold(*, tranche, reason, actor):
    tranche = _lock(tranche)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for withholding the tranche."), code="reason_required")
    tranche.withheld_reason = reason
    return tranche_transition(tranche=tranche, to=TrancheStatus.WITHHELD, actor=actor, reason=reason)


def cancel_open_tranches(*, project, actor, reason, years=None):
    rows = project.tranches.filter(status__in=OPEN_TRANCHE_STATUSES - {TrancheStatus.APPROVED})
    if years is not None:
        rows = rows.filter(year__in=years)
    for tranche in rows:
        tranche_transition(tranche=tranche, to=TrancheStatus.CANCELLED, actor=actor, reason=reason)


@transaction.atomic
def year_decide(*, project, year, decision, reasons, actor, amount=None, now=None):
    """After a year's report and monitoring: continue (the year's tranche becomes due), continue with a reduced
    amount (the tranche and the project's amount shrink), or stop (the later tranches are cancelled, the project
    goes to its final report)."""
    project = _lock_project(project.pk)
    reasons = (reasons or "").strip()
    if not project.is_multi_year or project.status != ProjectStatus.IN_PROGRESS:
        raise StateError(_("Annual decisions are taken on multi-year projects in progress."),
                          code="not_multi_year")
    if year not in project.years[1:]:
        raise DomainError(_("Decide on one of the project's later budget years."), code="bad_year")
    if decision not in YearDecisionKind.values:
        raise DomainError(_("Unknown decision."), code="bad_decision")
    if not reasons:
        raise DomainError(_("Give the reasons for the decision."), code="reason_required")
    if YearDecision.objects.filter(project=project, year=year).exists():
        raise StateError(_("This year is already decided."), code="already_decided")
    earlier = [y for y in project.years[1:] if y < year]
    if YearDecision.objects.filter(project=project, year__in=earlier).count() != len(earlier):
        raise StateError(_("Decide on the earlier years first."), code="earlier_year_open")
    tranche = project.tranches.filter(year=year, status=TrancheStatus.PLANNED).first()
    if tranche is None:
        raise StateError(_("There is no planned tranche for this year."), code="no_tranche")
    if decision == YearDecisionKind.CONTINUE_REDUCED:
        try:
            amount = calc.cents(amount)
        except (TypeError, InvalidOperation):
            amount = None
        if amount is None or not Decimal("0") < amount < tranche.amount:
            raise DomainError(_("The reduced amount must be above zero and below the year's tranche."),
                              code="amount_out_of_range")
    else:
        amount = None
    row = YearDecision.objects.create(project=project, year=year, decision=decision, amount=amount, reasons=reasons,
                                      decided_by=actor, decided_at=now or timezone.now())
    audit.record(actor=actor, action=f"project.year_{decision}", target=project,
                 competition_id=project.competition_id, after={"year": year, "amount": amount}, reason=reasons)
    if decision == YearDecisionKind.STOP:
        later_years = [y for y in project.years if y >= year]
        cancel_open_tranches(project=project, actor=actor, reason=reasons, years=later_years)
        _shrink_to_committed(project, actor=actor, reason=reasons)
        project_transition(project=project, to=ProjectStatus.FINAL_REPORTING, actor=actor, reason=reasons)
        return row
    if amount is not None:
        cut = tranche.amount - amount
        Tranche.objects.filter(pk=tranche.pk).update(amount=amount)
        project.funded_amount = project.amount - cut
        project.funding_reason = reasons
        project.save(update_fields=["funded_amount", "funding_reason"])
    tranche_make_due(tranche=tranche, actor=actor)
    return row


def _shrink_to_committed(project, *, actor, reason):
    """After a stop: the project's amount is what was approved or paid (the sum of live tranches)."""
    live = calc.cents(sum(project.tranches.exclude(status=TrancheStatus.CANCELLED)
                          .values_list("amount", flat=True), Decimal("0")))
    if live != project.amount and live > 0:
        before = project.amount
        project.funded_amount, project.funding_reason = live, reason
        project.save(update_fields=["funded_amount", "funding_reason"])
        audit.record(actor=actor, action="project.amount_reduced", target=project,
                     competition_id=project.competition_id, before={"amount": before}, after={"amount": live},
                     reason=reason)
