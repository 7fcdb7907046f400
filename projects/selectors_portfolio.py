"""The reads of the portfolio dashboard (officials and observers of a body) and of an organisation's track record
beside its later applications. A fixed number of queries whatever the number of projects: aggregates grouped in
the database, lists cut to ``LIST_LIMIT`` rows.

``portfolio(body, year=None, today=None)``: reports due (within ``DUE_SOON_DAYS``) and overdue, tranches due or
approved and not paid, disbursed vs awarded by priority area and by region, outcome classes of the evaluations
of results, projects flagged after re-published results, totals. ``year`` keeps the projects running in it.

``track_record(organization, before=None, exclude_application=None)``: the organisation's earlier projects with
their outcome class, late reports and early terminations: context only, it never enters a score.
``track_summaries(applications)``: the same in counts for many applications at once (the admission page)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import OPEN_PROJECT_STATUSES, OutcomeClass, ProjectStatus, ReportStatus, TrancheStatus
from .models import ProgressReport, Project, Tranche

LIST_LIMIT = 50
DUE_SOON_DAYS = 30
OPEN_REPORT_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)
FUNDED_STATUSES = [s for s in ProjectStatus if s not in (ProjectStatus.DECLINED, ProjectStatus.CANCELLED)]


def portfolio_years(body):
    """The years a filter may choose: those the body's competitions' projects run in."""
    bounds = Project.objects.filter(competition__body=body).exclude(starts_on=None).order_by().values_list(
        "starts_on__year", "ends_on__year").distinct()
    years = set()
    for low, high in bounds:
        years.update(range(low, (high or low) + 1))
    return sorted(years)


def _projects(body, year):
    rows = Project.objects.filter(competition__body=body, status__in=FUNDED_STATUSES)
    if year:
        rows = rows.filter(Q(starts_on__year__lte=year) | Q(starts_on=None)).filter(
            Q(ends_on__year__gte=year) | Q(ends_on=None))
    return rows


def _money_by(projects, key, label):
    """[{label, awarded, disbursed}] grouped by ``key`` in one query (awarded: the funded amount when lower)."""
    paid = Sum("tranches__amount", filter=Q(tranches__status=TrancheStatus.PAID))
    amounts = (projects.order_by().values(key).annotate(
        label=F(label), awarded=Coalesce(Sum(Coalesce("funded_amount", "awarded_amount")), ZERO),
        count=Count("pk")).order_by(label))
    disbursed = dict(projects.order_by().values(key).annotate(paid=Coalesce(paid, ZERO)).values_list(key, "paid"))
    return [{"label": row["label"] or "—", "awarded": row["awarded"], "count": row["count"],
             "disbursed": disbursed.get(row[key], Decimal("0"))} for row in amounts]


def portfolio(body, *, year=None, today=None):
    today = today or timezone.localdate()
    projects = _projects(body, year)
    reports = (ProgressReport.objects.filter(period__project__in=projects, status__in=OPEN_REPORT_STATUSES,
                                             period__due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
               .select_related("period__project__organization").order_by("period__due_on", "pk"))
    overdue = reports.filter(period__due_on__lt=today)
    due = reports.filter(period__due_on__gte=today)
    report_counts = reports.order_by().aggregate(overdue=Count("pk", filter=Q(period__due_on__lt=today)),
                                                 due=Count("pk", filter=Q(period__due_on__gte=today)))
    tranches = (Tranche.objects.filter(project__in=projects, status__in=[TrancheStatus.DUE, TrancheStatus.APPROVED])
                .select_related("project__organization").order_by("planned_on", "pk"))
    totals = projects.aggregate(awarded=Coalesce(Sum(Coalesce("funded_amount", "awarded_amount")), ZERO),
                                count=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_PROJECT_STATUSES)))
    totals["disbursed"] = Tranche.objects.filter(project__in=projects, status=TrancheStatus.PAID).aggregate(
        s=Coalesce(Sum("amount"), ZERO))["s"]
    outcomes = dict(projects.filter(evaluation__outcome__gt="").order_by().values("evaluation__outcome")
                    .annotate(n=Count("pk")).values_list("evaluation__outcome", "n"))
    counts = {**report_counts, "tranches": tranches.count()}
    return {
        "year": year, "today": today, "totals": totals, "counts": counts,
        "overdue": list(overdue[:LIST_LIMIT]), "due": list(due[:LIST_LIMIT]), "tranches": list(tranches[:LIST_LIMIT]),
        "by_area": _money_by(projects, "competition__priority_area", "competition__priority_area__name_" + _lang()),
        "by_region": _money_by(projects, "organization__region", "organization__region__name_" + _lang()),
        "outcomes": [(OutcomeClass(value).label, outcomes.get(value, 0)) for value in OutcomeClass.values],
        "flagged": list(projects.filter(lost_in_results_at__isnull=False).select_related("organization")
                        .order_by("lost_in_results_at")[:LIST_LIMIT]),
    }


def _lang():
    from django.utils.translation import get_language

    language = (get_language() or "kk")[:2]
    return language if language in ("kk", "ru", "en") else "kk"


# ----------------------------------------------------------------------------------------------- track record

def track_record(organization, *, before=None, exclude_application=None, today=None):
    """The organisation's earlier projects (not declined or cancelled), newest first, each with ``outcome``
    (the evaluation's class or ""), ``late_reports`` (submitted late, or overdue and not submitted) and whether it
    was terminated early. One query."""
    today = today or timezone.localdate()
    late = Q(periods__report__is_late=True) | Q(periods__due_on__lt=today,
                                                periods__report__status__in=OPEN_REPORT_STATUSES)
    organization_id = getattr(organization, "pk", organization)
    rows = (Project.objects.filter(organization_id=organization_id, status__in=FUNDED_STATUSES)
            .select_related("competition", "evaluation")
            .annotate(late_reports=Count("periods__report", filter=late))
            .order_by("-created_at", "-pk"))
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    if exclude_application is not None:
        rows = rows.exclude(application_id=exclude_application)
    projects = list(rows[:LIST_LIMIT])
    for project in projects:
        evaluation = getattr(project, "evaluation", None)
        project.outcome = evaluation.outcome if evaluation is not None else ""
        project.outcome_label = OutcomeClass(project.outcome).label if project.outcome else ""
        project.terminated = project.status == ProjectStatus.TERMINATED
    return {
        "projects": projects,
        "late_reports": sum(p.late_reports for p in projects),
        "terminated": sum(1 for p in projects if p.terminated),
        "outcomes": [(OutcomeClass(v).label, sum(1 for p in projects if p.outcome == v)) for v in OutcomeClass.values],
    }


def track_summaries(applications, *, today=None):
    """{organization_id: {"projects", "late_reports", "terminated", "unsatisfactory"}} for the organisations of
    ``applications`` (their other projects), in one query."""
    today = today or timezone.localdate()
    applications = list(applications)
    late = Q(periods__report__is_late=True) | Q(periods__due_on__lt=today,
                                                periods__report__status__in=OPEN_REPORT_STATUSES)
    rows = (Project.objects.filter(organization_id__in={a.organization_id for a in applications},
                                   status__in=FUNDED_STATUSES)
            .exclude(application_id__in=[a.pk for a in applications]).order_by().values("organization_id")
            .annotate(projects=Count("pk", distinct=True), late_reports=Count("periods__report", filter=late),
                      terminated=Count("pk", filter=Q(status=ProjectStatus.TERMINATED), distinct=True),
                      unsatisfactory=Count("pk", filter=Q(evaluation__outcome=OutcomeClass.UNSATISFACTORY),
                                           distinct=True)))
    return {row.pop("organization_id"): row for row in rows}
