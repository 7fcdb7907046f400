"""Step 8, closure: the final report accepted, unspent money declared and its return recorded, the evaluation
published, the project closed; or early termination with a reason and an amount to recover. Also the official's
moves between the open phases (in progress -> final reporting -> evaluation)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError

from .. import calc
from ..enums import (
    OPEN_PROJECT_STATUSES,
    AgreementStatus,
    EvaluationStatus,
    PeriodKind,
    ProjectStatus,
    ReportStatus,
)
from ..models import Project, ProjectEvaluation
from .money import cancel_open_tranches, paid_total
from .transitions import StateError, agreement_transition, project_transition


def _lock(project):
    return Project.objects.select_for_update().get(pk=project.pk)


def _money(value, field):
    try:
        value = calc.cents(value)
    except (TypeError, InvalidOperation, ValueError):
        raise DomainError(_("Enter an amount in tenge."), code=f"{field}_invalid")
    if value < 0:
        raise DomainError(_("The amount cannot be negative."), code=f"{field}_negative")
    return value


@transaction.atomic
def project_start_final_reporting(*, project, actor):
    project = _lock(project)
    return project_transition(project=project, to=ProjectStatus.FINAL_REPORTING, actor=actor)


def final_report_accepted(project):
    finals = project.periods.filter(kind=PeriodKind.FINAL)
    return finals.exists() and not finals.exclude(report__status=ReportStatus.ACCEPTED).exists()


@transaction.atomic
def project_start_evaluation(*, project, actor):
    project = _lock(project)
    if not final_report_accepted(project):
        raise StateError(_("The final report must be accepted first."), code="final_report_not_accepted")
    return project_transition(project=project, to=ProjectStatus.EVALUATING, actor=actor)


@transaction.atomic
def project_declare_unspent(*, project, amount, actor):
    """The organisation declares what it did not spend (at most what it was paid)."""
    project = _lock(project)
    amount = _money(amount, "unspent")
    if project.status not in {ProjectStatus.FINAL_REPORTING, ProjectStatus.EVALUATING}:
        raise StateError(_("Unspent money is declared at the end of the project."), code="not_final")
    paid = paid_total(project)
    if amount > paid:
        raise DomainError(_("Unspent money cannot exceed what was paid (%(paid)s KZT).") % {"paid": paid},
                          code="unspent_over_paid")
    before = project.unspent_declared
    project.unspent_declared = amount
    project.save(update_fields=["unspent_declared"])
    audit.record(actor=actor, action="project.unspent_declared", target=project,
                 competition_id=project.competition_id, before={"unspent": before},
                 after={"unspent": amount, "paid": paid})
    return project


def amount_due_back(project):
    """What the organisation owes back: the amount to recover after termination, else the declared unspent."""
    if project.recover_amount is not None:
        return project.recover_amount
    return project.unspent_declared or Decimal("0")


@transaction.atomic
def project_record_return(*, project, amount, returned_on, document, actor):
    """The official records the money returned to the budget (the whole amount due back, at most)."""
    project = _lock(project)
    amount = _money(amount, "returned")
    document = (document or "").strip()
    if returned_on is None or not document:
        raise DomainError(_("Enter the date and the payment document of the return."), code="return_document")
    if project.unspent_declared is None and project.recover_amount is None:
        raise DomainError(_("Nothing was declared or set to recover yet."), code="nothing_due")
    already = project.returned_amount or Decimal("0")
    if already + amount > amount_due_back(project):
        raise DomainError(_("The return exceeds what is due back."), code="return_over_due")
    project.returned_amount, project.returned_on, project.return_document = already + amount, returned_on, document
    project.save(update_fields=["returned_amount", "returned_on", "return_document"])
    audit.record(actor=actor, action="project.money_returned", target=project,
                 competition_id=project.competition_id, before={"returned": already},
                 after={"returned": project.returned_amount, "on": returned_on.isoformat(), "document": document})
    return project


@transaction.atomic
def project_close(*, project, actor):
    """evaluating -> closed: the final report accepted, the unspent declared and returned, the evaluation of
    results published (a finished project is never closed without one; a terminated one needs none)."""
    project = _lock(project)
    if project.unspent_declared is None:
        raise DomainError(_("The organisation must declare its unspent money first."), code="unspent_not_declared")
    if (project.returned_amount or Decimal("0")) != project.unspent_declared:
        raise DomainError(_("The return of the unspent money is not recorded yet."), code="return_not_recorded")
    evaluation = ProjectEvaluation.objects.filter(project=project).first()
    if evaluation is None or evaluation.status != EvaluationStatus.PUBLISHED:
        raise DomainError(_("The evaluation of results must be published first."), code="evaluation_not_published")
    return project_transition(project=project, to=ProjectStatus.CLOSED, actor=actor,
                              extra_after={"paid": paid_total(project), "unspent": project.unspent_declared})


@transaction.atomic
def project_terminate(*, project, reason, recover_amount, actor):
    """Early termination from any open state: the open tranches are cancelled, the amount to recover (at most
    what was paid) is recorded; its return is recorded later with ``project_record_return``."""
    project = _lock(project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the termination."), code="reason_required")
    if project.status not in OPEN_PROJECT_STATUSES:
        raise StateError(_("Only an open project can be terminated."), code="not_open")
    recover = _money(recover_amount or 0, "recover")
    paid = paid_total(project)
    if recover > paid:
        raise DomainError(_("The amount to recover cannot exceed what was paid (%(paid)s KZT).") % {"paid": paid},
                          code="recover_over_paid")
    if project.tranches.filter(status="approved").exists():
        raise StateError(_("Pay or withhold the approved tranche first."), code="tranche_approved")
    cancel_open_tranches(project=project, actor=actor, reason=reason)
    agreement = getattr(project, "agreement", None)
    if agreement is not None and agreement.status not in {AgreementStatus.IN_FORCE, AgreementStatus.CANCELLED}:
        agreement_transition(agreement=agreement, to=AgreementStatus.CANCELLED, actor=actor, reason=reason)
    project.recover_amount, project.end_reason = recover, reason
    project.save(update_fields=["recover_amount", "end_reason"])
    return project_transition(project=project, to=ProjectStatus.TERMINATED, actor=actor, reason=reason,
                              extra_after={"paid": paid, "recover": recover})
