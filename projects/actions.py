"""The actions of the project page: for each, who may (a permission of ``rules.py``), the form that parses it,
when the page offers it, and the one service it calls. The view (``views.project_action``) only looks them up;
the services still check every rule (an action posted at the wrong moment gets their error)."""

from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .enums import AgreementStatus, ProjectStatus, ReportStatus, RevisionStatus, TrancheStatus
from .models import Amendment

MANAGE, ACT = "projects.manage_project", "projects.act_for_project"
S, A, T = ProjectStatus, AgreementStatus, TrancheStatus
OPEN = (S.AWARDED, S.CONTRACTING, S.IN_PROGRESS, S.FINAL_REPORTING, S.EVALUATING)


@dataclass(frozen=True)
class Action:
    label: Any
    perm: str
    form: type
    run: Any  # (project or tranche, cleaned_data, actor) -> anything
    when: Any = None  # object -> whether the page offers it now

    def offered(self, obj):
        return self.when is None or self.when(obj)


def _status(*statuses):
    return lambda project: project.status in statuses


def _agreement(*statuses):
    return lambda project: getattr(project, "agreement", None) is not None and project.agreement.status in statuses


def _tranche(*statuses):
    """For tranches and reports: offered in these states."""
    return lambda obj: obj.status in statuses


def _amendment(project, data):
    return get_object_or_404(Amendment, pk=data["amendment"], agreement__project=project)


def _revision(*statuses):
    """Offered while the latest revised budget (prefetched, newest first) is in one of these states; ``None``
    stands for "a lower amount is funded and none was submitted yet"."""
    def offered(project):
        if project.funded_amount is None or project.status not in (S.AWARDED, S.CONTRACTING):
            return False
        latest = next(iter(project.revised_budgets.all()), None)
        if latest is not None and latest.amount != project.funded_amount:
            latest = None
        return (latest.status if latest is not None else None) in statuses
    return offered


def _never(obj):
    return False  # offered beside each requested amendment, not in the list of actions


PROJECT_ACTIONS = {
    "agreement-create": Action(
        _("Draw up the agreement"), MANAGE, forms.ScheduleForm,
        lambda p, d, a: services.agreement_create(project=p, schedule=d["schedule"], actor=a), _status(S.AWARDED)),
    "agreement-send": Action(
        _("Send the agreement to the organisation"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.agreement_send(agreement=p.agreement, actor=a), _agreement(A.DRAFT)),
    "agreement-sign-ngo": Action(
        _("Sign the agreement"), ACT, forms.EmptyForm,
        lambda p, d, a: services.agreement_sign_ngo(agreement=p.agreement, actor=a), _agreement(A.SENT)),
    "agreement-sign-body": Action(
        _("Sign for the body and put in force"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.agreement_sign_body(agreement=p.agreement, actor=a), _agreement(A.SIGNED_BY_NGO)),
    "fund-lower": Action(
        _("Fund a lower amount"), MANAGE, forms.FundLowerForm,
        lambda p, d, a: services.project_fund_lower(project=p, amount=d["amount"], reason=d["reason"], actor=a),
        _status(S.AWARDED, S.CONTRACTING)),
    "budget-revise": Action(
        _("Submit the revised budget"), ACT, forms.RevisedBudgetForm,
        lambda p, d, a: services.revision_submit(project=p, lines=d["lines"], actor=a),
        _revision(None, RevisionStatus.RETURNED)),
    "budget-accept": Action(
        _("Accept the revised budget"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.revision_accept(project=p, actor=a), _revision(RevisionStatus.SUBMITTED)),
    "budget-return": Action(
        _("Return the revised budget"), MANAGE, forms.ReportReturnForm,
        lambda p, d, a: services.revision_return(project=p, reasons=d["reasons"], actor=a),
        _revision(RevisionStatus.SUBMITTED)),
    "decline": Action(
        _("Decline the grant"), ACT, forms.ReasonForm,
        lambda p, d, a: services.project_decline(project=p, reason=d["reason"], actor=a),
        _status(S.AWARDED, S.CONTRACTING)),
    "record-decline": Action(
        _("Record that the winner declined"), MANAGE, forms.ReasonForm,
        lambda p, d, a: services.project_decline(project=p, reason=d["reason"], actor=a),
        _status(S.AWARDED, S.CONTRACTING)),
    "year-decision": Action(
        _("Decide on the next year"), MANAGE, forms.YearDecisionForm,
        lambda p, d, a: services.year_decide(project=p, year=d["year"], decision=d["decision"], amount=d["amount"],
                                             reasons=d["reasons"], actor=a),
        lambda p: p.status == S.IN_PROGRESS and p.is_multi_year),
    "final-reporting": Action(
        _("Start final reporting"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.project_start_final_reporting(project=p, actor=a), _status(S.IN_PROGRESS)),
    "evaluation": Action(
        _("Start the evaluation of results"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.project_start_evaluation(project=p, actor=a), _status(S.FINAL_REPORTING)),
    "declare-unspent": Action(
        _("Declare unspent money"), ACT, forms.UnspentForm,
        lambda p, d, a: services.project_declare_unspent(project=p, amount=d["amount"], actor=a),
        _status(S.FINAL_REPORTING, S.EVALUATING)),
    "record-return": Action(
        _("Record the return of money"), MANAGE, forms.ReturnForm,
        lambda p, d, a: services.project_record_return(project=p, amount=d["amount"], returned_on=d["returned_on"],
                                                       document=d["document"], actor=a),
        lambda p: p.unspent_declared is not None or p.recover_amount is not None),
    "close": Action(
        _("Close the project"), MANAGE, forms.EmptyForm,
        lambda p, d, a: services.project_close(project=p, actor=a), _status(S.EVALUATING)),
    "terminate": Action(
        _("Terminate early"), MANAGE, forms.TerminateForm,
        lambda p, d, a: services.project_terminate(project=p, reason=d["reason"],
                                                   recover_amount=d["recover_amount"], actor=a),
        _status(*OPEN)),
    "amendment-request": Action(
        _("Request an amendment"), ACT, forms.AmendmentRequestForm,
        lambda p, d, a: services.amendment_request(agreement=p.agreement, kind=d["kind"], changes=d["changes"],
                                                   reason=d["reason"], actor=a),
        _never),
    "amendment-approve": Action(
        _("Approve"), MANAGE, forms.AmendmentDecisionForm,
        lambda p, d, a: services.amendment_approve(amendment=_amendment(p, d), reason=d["reason"], actor=a),
        _never),
    "amendment-refuse": Action(
        _("Refuse"), MANAGE, forms.AmendmentDecisionForm,
        lambda p, d, a: services.amendment_refuse(amendment=_amendment(p, d), reason=d["reason"], actor=a),
        _never),
}

TRANCHE_ACTIONS = {
    "due": Action(_("Mark as due"), MANAGE, forms.EmptyForm,
                  lambda t, d, a: services.tranche_make_due(tranche=t, actor=a), _tranche(T.WITHHELD)),
    "approve": Action(_("Approve for payment"), MANAGE, forms.EmptyForm,
                      lambda t, d, a: services.tranche_approve(tranche=t, actor=a), _tranche(T.DUE)),
    "pay": Action(_("Record the payment"), MANAGE, forms.PaymentForm,
                  lambda t, d, a: services.tranche_pay(tranche=t, actor=a, **d), _tranche(T.APPROVED)),
    "withhold": Action(_("Withhold"), MANAGE, forms.ReasonForm,
                       lambda t, d, a: services.tranche_withhold(tranche=t, reason=d["reason"], actor=a),
                       _tranche(T.DUE)),
}

R = ReportStatus
REPORT_ACTIONS = {
    "save": Action(_("Save the report"), ACT, forms.ReportForm,
                   lambda r, d, a: services.report_save(report=r, actor=a, **d),
                   _tranche(R.NOT_STARTED, R.DRAFT, R.RETURNED)),
    "submit": Action(_("Submit the report"), ACT, forms.EmptyForm,
                     lambda r, d, a: services.report_submit(report=r, actor=a), _tranche(R.DRAFT, R.RETURNED)),
    "return": Action(_("Return for correction"), MANAGE, forms.ReportReturnForm,
                     lambda r, d, a: services.report_return(report=r, reasons=d["reasons"], actor=a),
                     _tranche(R.SUBMITTED)),
    "accept": Action(_("Accept the report"), MANAGE, forms.EmptyForm,
                     lambda r, d, a: services.report_accept(report=r, actor=a), _tranche(R.SUBMITTED)),
}


def offered_actions(user, actions, obj, project):
    """The actions offered now on ``obj`` (the project, one of its tranches or reports) to ``user``; the
    permission is always asked of the project."""
    return {name: action for name, action in actions.items()
            if action.offered(obj) and rules.has_perm(action.perm, user, project)}


def perform(action, *, user, obj, project, data):
    """Check the permission (on the project: 403), parse ``data`` with the action's form, call the service.
    Returns the bound form (``form.errors`` when invalid); a refused rule raises the service's DomainError."""
    if not rules.has_perm(action.perm, user, project):
        raise PermissionDenied
    form = action.form(data)
    if form.is_valid():
        action.run(obj, form.cleaned_data, user)
    return form
