from decimal import Decimal

from demo.portfolio import PLAN
from demo.specs import SPECS
from projects.enums import AgreementStatus, ProjectStatus, ReportStatus, RevisionStatus, TrancheStatus
from projects.models import Project

PORTFOLIO_TITLES = [spec.title_ru for spec in SPECS if spec.key in PLAN]


def test_the_demo_has_projects_under_contract_and_running(demo):
    projects = {p.competition.status: p for p in Project.objects.select_related("competition", "agreement")
                .exclude(competition__title_ru__in=PORTFOLIO_TITLES)}
    assert set(projects) == {"results_published", "final"}
    contracting = projects["results_published"]
    assert contracting.status == ProjectStatus.CONTRACTING
    assert contracting.agreement.status == AgreementStatus.SENT
    running = projects["final"]
    assert running.status == ProjectStatus.IN_PROGRESS
    assert [t.status for t in running.tranches.all()] == [TrancheStatus.PAID, TrancheStatus.PLANNED]
    assert sum(t.amount for t in running.tranches.all()) == running.amount == Decimal("4800000.00")
    assert running.periods.get(number=1).report.status == ReportStatus.DRAFT


def test_the_demo_has_projects_in_every_state(demo):
    states = set(Project.objects.values_list("status", flat=True))
    assert states >= set(ProjectStatus) - {ProjectStatus.CANCELLED}
    closed = Project.objects.get(status=ProjectStatus.CLOSED)
    assert closed.returned_amount == closed.unspent_declared > 0
    revising = Project.objects.get(funded_amount__isnull=False, status=ProjectStatus.AWARDED)
    assert revising.revised_budgets.get().status == RevisionStatus.SUBMITTED


def test_the_demo_has_a_three_year_project_in_its_second_year(demo):
    project = next(p for p in Project.objects.filter(status=ProjectStatus.IN_PROGRESS) if len(p.years) == 3)
    first, second, third = project.years
    assert [(d.year, d.decision) for d in project.year_decisions.all()] == [(second, "continue")]
    assert [(t.year, t.status) for t in project.tranches.all()] == [
        (first, TrancheStatus.PAID), (second, TrancheStatus.PAID), (third, TrancheStatus.PLANNED)]
    reports = {p.year: p.report.status for p in project.periods.select_related("report")}
    assert reports == {first: ReportStatus.ACCEPTED, second: ReportStatus.NOT_STARTED,
                       third: ReportStatus.NOT_STARTED}
    assert sum(t.amount for t in project.tranches.all()) == project.amount
