"""A project's rows built from the frozen application snapshot (used by ``services.award`` only).

Per-year indicator targets: the snapshot gives one baseline and one target per indicator; a multi-year project
reaches the target in its last year, each year's baseline being the previous year's target and the targets
moving evenly from the baseline (the curator may amend them)."""

from datetime import date
from decimal import Decimal

from .calc import CENT
from .models import ProjectActivity, ProjectBudgetLine, ProjectIndicator, ProjectIndicatorTarget


def _date(value):
    return date.fromisoformat(value) if value else None


def project_years(competition, snapshot):
    years = sorted({line["year"] for line in snapshot.get("budget_lines", []) if line.get("year")})
    if not years:
        years = sorted(int(y) for y in competition.project_years or [])
    if not years and competition.project_starts_on:
        years = [competition.project_starts_on.year]
    return years


def yearly_targets(baseline, target, years):
    """[(year, baseline, target)] moving evenly from ``baseline`` to ``target`` over ``years``."""
    baseline, target = Decimal(baseline), Decimal(target)
    rows, previous = [], baseline
    for index, year in enumerate(years, start=1):
        value = target if index == len(years) else (baseline + (target - baseline) * index / len(years)).quantize(
            CENT)
        rows.append((year, previous, value))
        previous = value
    return rows


def build_rows(project, snapshot):
    years = project.years
    ProjectActivity.objects.bulk_create([
        ProjectActivity(project=project, title=a["title"][:300], description=a.get("description", ""),
                        expected_result=(a.get("expected_result") or "")[:300], starts_on=_date(a.get("starts_on")),
                        ends_on=_date(a.get("ends_on")), order=order)
        for order, a in enumerate(snapshot.get("activities", []))])
    indicators = ProjectIndicator.objects.bulk_create([
        ProjectIndicator(project=project, name=i["name"][:300], unit=i["unit"][:60], baseline=Decimal(i["baseline"]),
                         target=Decimal(i["target"]), order=order)
        for order, i in enumerate(snapshot.get("indicators", []))])
    if len(years) > 1:
        ProjectIndicatorTarget.objects.bulk_create([
            ProjectIndicatorTarget(indicator=indicator, year=year, baseline=low, target=high)
            for indicator in indicators for year, low, high in yearly_targets(indicator.baseline, indicator.target,
                                                                               years)])
    first_year = years[0] if years else None
    ProjectBudgetLine.objects.bulk_create([
        ProjectBudgetLine(project=project, category=line["category"], description=line["description"][:300],
                          year=line.get("year") or first_year, amount=Decimal(line["amount"]), order=order)
        for order, line in enumerate(snapshot.get("budget_lines", []))])
