from decimal import Decimal

from projects.enums import AgreementStatus, ProjectStatus, ReportStatus, TrancheStatus
from projects.models import Project


def test_the_demo_has_projects_under_contract_and_running(demo):
    projects = {p.competition.status: p for p in Project.objects.select_related("competition", "agreement")}
    assert set(projects) == {"results_published", "final"}
    contracting = projects["results_published"]
    assert contracting.status == ProjectStatus.CONTRACTING
    assert contracting.agreement.status == AgreementStatus.SENT
    running = projects["final"]
    assert running.status == ProjectStatus.IN_PROGRESS
    assert [t.status for t in running.tranches.all()] == [TrancheStatus.PAID, TrancheStatus.PLANNED]
    assert sum(t.amount for t in running.tranches.all()) == running.amount == Decimal("4800000.00")
    assert running.periods.get(number=1).report.status == ReportStatus.DRAFT
