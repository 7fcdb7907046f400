from datetime import timedelta
from decimal import Decimal

import pytest

from applications.enums import ApplicationStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from projects.enums import AgreementStatus, ProjectStatus
from projects.models import Project
from projects.services import (
    agreement_create,
    project_decline,
    project_fund_lower,
    projects_create_from_results,
    projects_decline_unsigned,
)
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def test_publishing_results_turns_each_winner_into_a_project(official):
    competition, (a, b, c), _members = published_world(official)
    assert [a.status, b.status, c.status] == [ApplicationStatus.WINNER, ApplicationStatus.RESERVE,
                                              ApplicationStatus.RESERVE]
    project = Project.objects.get()
    assert project.application == a
    assert project.status == ProjectStatus.AWARDED
    assert project.awarded_amount == D("1500000.00") and project.amount == D("1500000.00")
    assert project.snapshot_sha256 == a.snapshot_sha256 and project.rank == 1
    assert [(line.year, line.amount) for line in project.budget_lines.all()] == [
        (2026, D("1125000.00")), (2026, D("375000.00"))]
    assert [(i.name, i.baseline, i.target) for i in project.indicators.all()] == [("People trained", D("0"),
                                                                                    D("120"))]
    assert project.activities.get().title == "Trainings"
    assert AuditEvent.objects.filter(action="project.created", target_id=str(project.pk)).count() == 1
    # Idempotent: a second run creates nothing.
    assert projects_create_from_results(competition=competition, actor=official) == []
    assert Project.objects.count() == 1


def test_multi_year_targets_reach_the_target_in_the_last_year(official):
    _competition, _apps, _members = published_world(official, amounts=("1500000",), years=(2026, 2027, 2028),
                                                    total_budget="3000000")
    project = Project.objects.get()
    assert project.years == [2026, 2027, 2028] and project.is_multi_year
    targets = [(t.year, t.baseline, t.target) for t in project.indicators.get().targets.all()]
    assert targets == [(2026, D("0"), D("40.00")), (2027, D("40.00"), D("80.00")), (2028, D("80.00"), D("120"))]


def test_fund_lower_needs_a_reason_and_a_lower_amount(official):
    published_world(official)
    project = Project.objects.get()
    with pytest.raises(DomainError) as refused:
        project_fund_lower(project=project, amount="1000000", reason=" ", actor=official)
    assert refused.value.code == "reason_required"
    with pytest.raises(DomainError) as refused:
        project_fund_lower(project=project, amount="1500000", reason="Too much", actor=official)
    assert refused.value.code == "amount_out_of_range"
    project_fund_lower(project=project, amount="1200000", reason="Venue costs are too high", actor=official)
    project.refresh_from_db()
    assert project.amount == D("1200000") and project.awarded_amount == D("1500000.00")
    event = AuditEvent.objects.get(action="project.funded_lower")
    assert event.reason == "Venue costs are too high"


def test_decline_offers_the_next_reserve_that_fits_the_budget(official):
    # Budget 2 M: A 1.5 M wins; B 1 M and C 0.8 M are reserves. A declines: 2 M free, B (rank 2) fits.
    competition, (a, b, c), _members = published_world(official)
    project = Project.objects.get(application=a)
    agreement_create(project=project, actor=official)
    declined, offered = project_decline(project=project, reason="The organisation withdrew", actor=official)
    assert declined.status == ProjectStatus.DECLINED
    assert declined.agreement.status == AgreementStatus.CANCELLED
    assert offered.application == b and offered.from_reserve and offered.awarded_amount == D("1000000.00")
    b.refresh_from_db()
    assert b.status == ApplicationStatus.WINNER and b.awarded_amount == D("1000000.00")
    # 1 M committed, 1 M free: C (0.8 M) is offered next when B declines too.
    _declined, offered = project_decline(project=offered, reason="Declined", actor=official)
    assert offered.application == c


def test_a_reserve_that_does_not_fit_is_skipped(official):
    # Budget 2.6 M: A 1.5 M and ... B 1.2 M does not fit after A (1.1 M left) -> reserve; C 1 M fits -> winner.
    competition, (a, b, c), _members = published_world(official, amounts=("1500000", "1200000", "1000000"),
                                                       total_budget="2600000")
    assert (a.status, b.status, c.status) == ("winner", "reserve", "winner")
    project_c = Project.objects.get(application=c)
    # C declines: 1.1 M free, B (1.2 M) still does not fit: nobody is offered, the skip is audited.
    _declined, offered = project_decline(project=project_c, reason="Declined", actor=official)
    assert offered is None
    event = AuditEvent.objects.get(action="project.no_reserve_fits")
    assert event.after["free_budget"] == "1100000.00"
    assert event.after["skipped"][0]["registration_number"] == b.registration_number


def test_unsigned_projects_are_declined_after_the_deadline(official):
    published_world(official)
    project = Project.objects.get()
    assert projects_decline_unsigned(today=project.sign_deadline) == 0
    assert projects_decline_unsigned(today=project.sign_deadline + timedelta(days=1)) == 1
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED and project.end_reason == "not signed within the deadline"
    assert Project.objects.filter(from_reserve=True).count() == 1
