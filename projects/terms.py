"""The content of a grant agreement, built from the project (its snapshot rows) and the competition's terms:
parties with BINs, the amount per year, the tranche schedule, the reporting calendar, indicators and budget.
JSON-ready and exact (decimals and dates as strings), so its sha256 identifies the version."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from portal.canonical import canonical_sha256
from portal.reference.calendar import add_working_days

from . import calc
from .enums import PeriodKind, TrancheCondition, TrancheSchedule

SCHEMA_VERSION = 1


def default_schedule(project):
    return TrancheSchedule.PER_YEAR if project.is_multi_year else TrancheSchedule.HALVES


def _bounds(project):
    starts = project.starts_on or project.competition.project_starts_on or date.today()
    ends = project.ends_on or project.competition.project_ends_on or starts + timedelta(days=364)
    return starts, ends


def reporting_calendar(project):
    """[{number, kind, year, starts_on, ends_on, due_on}]: an interim and a final report for a project of one
    year; one annual report per year and a final one for the last year of a multi-year project."""
    starts, ends = _bounds(project)
    days = settings.PROJECT_REPORT_DUE_WORKING_DAYS
    periods = []
    if project.is_multi_year:
        years = project.years
        for number, year in enumerate(years, start=1):
            low, high = max(starts, date(year, 1, 1)), min(ends, date(year, 12, 31))
            kind = PeriodKind.FINAL if number == len(years) else PeriodKind.ANNUAL
            periods.append((number, kind, year, low, max(low, high)))
    else:
        middle = starts + (ends - starts) / 2
        year = project.years[0] if project.years else starts.year
        periods = [(1, PeriodKind.INTERIM, year, starts, middle), (2, PeriodKind.FINAL, year,
                                                                   middle + timedelta(days=1), ends)]
    return [{"number": n, "kind": str(k), "year": y, "starts_on": low.isoformat(), "ends_on": high.isoformat(),
             "due_on": add_working_days(high, days).isoformat()} for n, k, y, low, high in periods]


def tranche_schedule(project, schedule, periods):
    """[{number, year, amount, condition, period, planned_on}] adding up exactly to the project's amount."""
    amount = project.amount
    starts, _ends = _bounds(project)
    if schedule == TrancheSchedule.PER_YEAR and project.is_multi_year:
        by_year = defaultdict(Decimal)
        for line in project.budget_lines.all():
            by_year[line.year or project.years[0]] += line.amount
        split = calc.per_year(amount, {year: by_year.get(year, Decimal("0")) for year in project.years})
        rows = []
        for number, (year, part) in enumerate(split, start=1):
            first = number == 1
            rows.append({"number": number, "year": year, "amount": str(part),
                         "condition": str(TrancheCondition.AGREEMENT_IN_FORCE if first
                                          else TrancheCondition.YEAR_CONTINUED),
                         "period": None, "planned_on": (starts if first else date(year, 1, 15)).isoformat()})
        return rows
    if schedule == TrancheSchedule.SINGLE:
        return [{"number": 1, "year": project.years[0] if project.years else None, "amount": str(calc.cents(amount)),
                 "condition": str(TrancheCondition.AGREEMENT_IN_FORCE), "period": None,
                 "planned_on": starts.isoformat()}]
    first, second = calc.halves(amount)
    interim = periods[0]
    year = project.years[0] if project.years else None
    return [
        {"number": 1, "year": year, "amount": str(first), "condition": str(TrancheCondition.AGREEMENT_IN_FORCE),
         "period": None, "planned_on": starts.isoformat()},
        {"number": 2, "year": year, "amount": str(second), "condition": str(TrancheCondition.REPORT_ACCEPTED),
         "period": interim["number"], "planned_on": interim["due_on"]},
    ]


def agreement_content(project, *, number, schedule):
    """The agreement's content and its sha256."""
    competition = project.competition
    body, organization = competition.body, project.organization
    starts, ends = _bounds(project)
    periods = reporting_calendar(project)
    tranches = tranche_schedule(project, schedule, periods)
    per_year = defaultdict(Decimal)
    for row in tranches:
        per_year[str(row["year"] or "")] += Decimal(row["amount"])
    content = {
        "schema": SCHEMA_VERSION,
        "number": number,
        "project": {"reference": project.reference, "title": project.title, "starts_on": starts.isoformat(),
                    "ends_on": ends.isoformat(), "years": project.years,
                    "application": project.application.registration_number,
                    "snapshot_sha256": project.snapshot_sha256},
        "competition": {"reference": competition.reference, "kind": competition.kind,
                        "title_kk": competition.title_kk, "title_ru": competition.title_ru},
        "body": {"name_kk": body.name_kk, "name_ru": body.name_ru, "bin": body.bin, "address": body.address},
        "organization": {"name": organization.name, "name_kk": organization.name_kk,
                         "name_ru": organization.name_ru, "bin": organization.bin, "address": organization.address,
                         "head": organization.head_name},
        "amount": str(calc.cents(project.amount)),
        "awarded_amount": str(calc.cents(project.awarded_amount)),
        "funding_reason": project.funding_reason,
        "amount_per_year": {year: str(value) for year, value in sorted(per_year.items())},
        "schedule": str(schedule),
        "tranches": tranches,
        "reporting": periods,
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": str(i.baseline), "target": str(i.target),
                        "per_year": [{"year": t.year, "baseline": str(t.baseline), "target": str(t.target)}
                                     for t in i.targets.all()]}
                       for i in project.indicators.all()],
        "budget_lines": [{"id": line.pk, "category": line.category, "description": line.description,
                          "year": line.year, "amount": str(line.amount)} for line in project.budget_lines.all()],
        "activities": [{"title": a.title, "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                        "ends_on": a.ends_on.isoformat() if a.ends_on else None}
                       for a in project.activities.all()],
    }
    text, sha256 = canonical_sha256(content)
    return content, sha256
