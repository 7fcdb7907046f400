from datetime import date
from decimal import Decimal

import pytest

from portal.audit.models import AuditEvent
from portal.errors import DomainError
from projects.enums import ProjectStatus, ReportStatus, TrancheStatus
from projects.models import Project
from projects.services import (
    agreement_create,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    project_close,
    project_declare_unspent,
    project_record_return,
    project_start_evaluation,
    project_start_final_reporting,
    project_terminate,
    report_accept,
    report_return,
    report_save,
    report_submit,
    tranche_approve,
    tranche_pay,
)
from tests.projects.meb_world import publish_evaluation
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _in_force(official, ngo):
    project = Project.objects.get()
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    agreement_sign_body(agreement=agreement, actor=official)
    project.refresh_from_db()
    return project


def _pay(tranche, official, number):
    tranche_approve(tranche=tranche, actor=official)
    tranche_pay(tranche=tranche, payment_order_number=number, payment_order_date=date(2026, 3, 1), actor=official)


def _report(period, ngo, spent):
    report = period.report
    report_save(report=report, actor=ngo, narrative="Trainings held in three districts.", spent_total=spent)
    return report_submit(report=report, actor=ngo)


def test_a_project_from_agreement_to_closure_keeps_the_money_right(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = _in_force(official, ngo)
    first, second = project.tranches.all()
    interim, final = project.periods.all()
    _pay(first, official, "PP-1")
    report = _report(interim, ngo, "700000")
    assert report.status == ReportStatus.SUBMITTED and len(report.snapshot_sha256) == 64
    report_return(report=report, reasons=["Attendance lists are missing"], actor=official)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.correction_deadline is not None
    report = _report(interim, ngo, "720000")
    report_accept(report=report, actor=official)
    second.refresh_from_db()
    assert second.status == TrancheStatus.DUE  # released by the accepted interim report
    _pay(second, official, "PP-2")
    project_start_final_reporting(project=project, actor=official)
    with pytest.raises(DomainError) as refused:
        project_start_evaluation(project=project, actor=official)
    assert refused.value.code == "final_report_not_accepted"
    report_accept(report=_report(final, ngo, "1450000"), actor=official)
    project_start_evaluation(project=project, actor=official)
    paid = first.amount + second.amount
    spent = D("1450000")
    with pytest.raises(DomainError) as refused:
        project_declare_unspent(project=project, amount=paid + 1, actor=ngo)
    assert refused.value.code == "unspent_over_paid"
    project_declare_unspent(project=project, amount=paid - spent, actor=ngo)
    with pytest.raises(DomainError) as refused:
        project_close(project=project, actor=official)
    assert refused.value.code == "return_not_recorded"
    with pytest.raises(DomainError) as refused:
        project_record_return(project=project, amount="50000.01", returned_on=date(2027, 1, 10), document="PP-R",
                              actor=official)
    assert refused.value.code == "return_over_due"
    project_record_return(project=project, amount="50000", returned_on=date(2027, 1, 10), document="PP-R1",
                          actor=official)
    with pytest.raises(DomainError) as refused:
        project_close(project=project, actor=official)
    assert refused.value.code == "evaluation_not_published"
    publish_evaluation(project, official)
    project_close(project=project, actor=official)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert (paid, project.unspent_declared, project.returned_amount) == (D("1500000.00"), D("50000.00"),
                                                                         D("50000.00"))
    event = AuditEvent.objects.get(action="project.closed")
    assert event.after == {"status": "closed", "paid": "1500000.00", "unspent": "50000.00"}


def test_early_termination_records_the_amount_to_recover(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = _in_force(official, ngo)
    first, second = project.tranches.all()
    _pay(first, official, "PP-1")
    with pytest.raises(DomainError) as refused:
        project_terminate(project=project, reason="Misuse", recover_amount="750000.01", actor=official)
    assert refused.value.code == "recover_over_paid"
    project_terminate(project=project, reason="Misuse of funds", recover_amount="300000", actor=official)
    project.refresh_from_db()
    second.refresh_from_db()
    assert (project.status, project.recover_amount, second.status) == (ProjectStatus.TERMINATED, D("300000.00"),
                                                                       TrancheStatus.CANCELLED)
    project_record_return(project=project, amount="300000", returned_on=date(2026, 6, 1), document="PP-R",
                          actor=official)
    project.refresh_from_db()
    assert project.returned_amount == D("300000.00")
