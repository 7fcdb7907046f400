"""Projects in bulk for the read-only pages (portfolio dashboard, track record): rows written directly, since
what is under test is the reading. ``portfolio_world(body, n, today)`` makes ``n`` projects in progress in one
competition of ``body``: each with an overdue interim report, a final report due in ten days, a paid tranche and
a due one, and (every second project) a results evaluation with an outcome class."""

from datetime import date, timedelta
from decimal import Decimal

from applications.enums import ApplicationStatus
from projects.enums import OutcomeClass, PeriodKind, ProjectStatus, TrancheCondition, TrancheStatus
from projects.models import ProgressReport, Project, ProjectEvaluation, ReportingPeriod, Tranche
from tests import factories as f

D = Decimal


def make_project(competition, *, organization=None, status=ProjectStatus.IN_PROGRESS, amount="1000000",
                 starts_on=date(2026, 1, 15), ends_on=date(2026, 12, 15), **extra):
    application = f.ApplicationFactory(competition=competition, status=ApplicationStatus.WINNER,
                                       **({"organization": organization} if organization else {}))
    return Project.objects.create(
        application=application, competition=competition, organization=application.organization,
        reference=f"P-{application.registration_number}", title=application.title, rank=1, snapshot={},
        snapshot_sha256="0" * 64, years=[starts_on.year], awarded_amount=D(amount), status=status,
        starts_on=starts_on, ends_on=ends_on, **extra)


def add_reporting(project, *, today, late=False):
    interim = ReportingPeriod.objects.create(project=project, kind=PeriodKind.INTERIM, number=1, year=2026,
                                             starts_on=project.starts_on, ends_on=today - timedelta(days=20),
                                             due_on=today - timedelta(days=5))
    final = ReportingPeriod.objects.create(project=project, kind=PeriodKind.FINAL, number=2, year=2026,
                                           starts_on=today - timedelta(days=19), ends_on=today,
                                           due_on=today + timedelta(days=10))
    ProgressReport.objects.create(period=interim, is_late=late)
    ProgressReport.objects.create(period=final)
    half = (project.awarded_amount / 2).quantize(D("0.01"))
    Tranche.objects.create(project=project, number=1, year=2026, amount=half, status=TrancheStatus.PAID,
                           condition=TrancheCondition.AGREEMENT_IN_FORCE, payment_order_number="PP-1",
                           payment_order_date=today - timedelta(days=60))
    Tranche.objects.create(project=project, number=2, year=2026, amount=project.awarded_amount - half,
                           status=TrancheStatus.DUE, condition=TrancheCondition.REPORT_ACCEPTED,
                           planned_on=today + timedelta(days=3))


def add_outcome(project, outcome):
    rubric = f.RubricFactory()
    return ProjectEvaluation.objects.create(project=project, rubric=rubric, outcome=outcome, status="published")


def portfolio_world(body, n, *, today):
    competition = f.CompetitionFactory(body=body, status="results_published")
    projects = []
    for index in range(n):
        project = make_project(competition)
        add_reporting(project, today=today)
        if index % 2 == 0:
            add_outcome(project, OutcomeClass.SUCCESSFUL)
        projects.append(project)
    return competition, projects
