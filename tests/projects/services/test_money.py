from datetime import date
from decimal import Decimal

import pytest

from portal.errors import DomainError, TransitionError
from projects.enums import ProjectStatus, TrancheStatus
from projects.models import Project, Tranche
from projects.services import (
    agreement_create,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    tranche_approve,
    tranche_make_due,
    tranche_pay,
    tranche_withhold,
    year_decide,
)
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _in_force(official, ngo, **kwargs):
    project = Project.objects.get()
    agreement = agreement_create(project=project, actor=official, **kwargs)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    agreement_sign_body(agreement=agreement, actor=official)
    project.refresh_from_db()
    return project


def _paid(project):
    return sum((t.amount for t in Tranche.objects.filter(project=project, status=TrancheStatus.PAID)), D("0"))


def test_tranche_is_approved_then_paid_with_its_payment_order(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = _in_force(official, ngo)
    first, second = project.tranches.all()
    with pytest.raises(DomainError) as refused:
        tranche_pay(tranche=first, payment_order_number="PP-1", payment_order_date=date(2026, 2, 1), actor=official)
    assert refused.value.code == "not_approved"
    tranche_approve(tranche=first, actor=official)
    with pytest.raises(DomainError) as refused:
        tranche_pay(tranche=first, payment_order_number=" ", payment_order_date=date(2026, 2, 1), actor=official)
    assert refused.value.code == "payment_order_required"
    tranche_pay(tranche=first, payment_order_number="PP-1", payment_order_date=date(2026, 2, 1), actor=official)
    first.refresh_from_db()
    assert (first.status, first.payment_order_number, first.payment_order_date) == (
        TrancheStatus.PAID, "PP-1", date(2026, 2, 1))
    # The second waits for the interim report.
    with pytest.raises(DomainError) as refused:
        tranche_make_due(tranche=second, actor=official)
    assert refused.value.code == "condition_not_met"
    assert _paid(project) == D("750000.00") <= project.amount


def test_withheld_tranche_goes_back_to_due_and_keeps_the_reason_until_then(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    first = _in_force(official, ngo).tranches.get(number=1)
    with pytest.raises(DomainError):
        tranche_withhold(tranche=first, reason="", actor=official)
    tranche_withhold(tranche=first, reason="Bank details missing", actor=official)
    first.refresh_from_db()
    assert (first.status, first.withheld_reason) == (TrancheStatus.WITHHELD, "Bank details missing")
    with pytest.raises(TransitionError):
        tranche_withhold(tranche=first, reason="Again", actor=official)
    tranche_make_due(tranche=first, actor=official)
    first.refresh_from_db()
    assert (first.status, first.withheld_reason) == (TrancheStatus.DUE, "")


def test_no_payment_above_what_remains_of_the_award(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = _in_force(official, ngo)
    first = project.tranches.get(number=1)
    # A tranche whose amount was tampered with in the database: the service still refuses to pay above the award.
    Tranche.objects.filter(pk=first.pk).update(amount=D("1500000.01"))
    with pytest.raises(DomainError) as refused:
        tranche_approve(tranche=first, actor=official)
    assert refused.value.code == "over_award"


def test_three_year_project_runs_through_two_annual_decisions(official):
    _competition, _apps, (ngo,) = published_world(official, amounts=("3000000",), total_budget="3000000",
                                                  years=(2026, 2027, 2028))
    project = _in_force(official, ngo)
    assert [(t.year, t.amount, t.status, t.condition) for t in project.tranches.all()] == [
        (2026, D("1000000.00"), "due", "agreement_in_force"), (2027, D("1000000.00"), "planned", "year_continued"),
        (2028, D("1000000.00"), "planned", "year_continued")]
    assert [p.kind for p in project.periods.all()] == ["annual", "annual", "final"]
    first, second, third = project.tranches.all()
    tranche_approve(tranche=first, actor=official)
    tranche_pay(tranche=first, payment_order_number="PP-26", payment_order_date=date(2026, 1, 20), actor=official)
    with pytest.raises(DomainError) as refused:
        tranche_make_due(tranche=second, actor=official)
    assert refused.value.code == "condition_not_met"  # released only on continue
    with pytest.raises(DomainError) as refused:
        year_decide(project=project, year=2028, decision="continue", reasons="Good", actor=official)
    assert refused.value.code == "earlier_year_open"
    year_decide(project=project, year=2027, decision="continue", reasons="Annual report accepted, visit good",
                actor=official)
    second.refresh_from_db()
    assert second.status == TrancheStatus.DUE
    tranche_approve(tranche=second, actor=official)
    tranche_pay(tranche=second, payment_order_number="PP-27", payment_order_date=date(2027, 1, 20), actor=official)
    with pytest.raises(DomainError) as refused:
        year_decide(project=project, year=2028, decision="continue_reduced", amount="1000000", reasons="Weak",
                    actor=official)
    assert refused.value.code == "amount_out_of_range"
    year_decide(project=project, year=2028, decision="continue_reduced", amount="600000", reasons="Weak results",
                actor=official)
    project.refresh_from_db()
    third.refresh_from_db()
    assert (third.amount, third.status) == (D("600000.00"), TrancheStatus.DUE)
    assert project.amount == D("2600000.00") and project.awarded_amount == D("3000000.00")
    assert sum(t.amount for t in project.tranches.exclude(status="cancelled")) == project.amount


def test_stop_cancels_the_later_tranches_and_ends_in_final_reporting(official):
    _competition, _apps, (ngo,) = published_world(official, amounts=("3000000",), total_budget="3000000",
                                                  years=(2026, 2027, 2028))
    project = _in_force(official, ngo)
    first = project.tranches.get(number=1)
    tranche_approve(tranche=first, actor=official)
    tranche_pay(tranche=first, payment_order_number="PP-26", payment_order_date=date(2026, 1, 20), actor=official)
    year_decide(project=project, year=2027, decision="stop", reasons="Activities not carried out", actor=official)
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORTING
    assert list(project.tranches.values_list("status", flat=True)) == ["paid", "cancelled", "cancelled"]
    assert project.amount == D("1000000.00") == _paid(project)
