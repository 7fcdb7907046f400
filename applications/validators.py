"""Rules shared by forms, services, the admission check and the API. Each returns every problem at once."""

import calendar
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import VerificationStatus

from .enums import ADMINISTRATIVE_CATEGORIES, ApplicationStatus

REQUIRED_TEXT_FIELDS = {
    # field -> section it is edited in
    "title": "project",
    "summary": "project",
    "problem": "problem",
    "goals": "goals",
    "target_group": "target_group",
    "beneficiaries_count": "target_group",
    "team": "team",
    "sustainability": "sustainability",
}


@dataclass(frozen=True)
class Problem:
    code: str  # stable machine code, e.g. "missing_field", "deadline_passed"
    field: str  # the field or item it concerns ("title", "budget", "document:charter", "deadline")
    section: str  # the form section where it is fixed ("" when nothing in the form fixes it)
    message: str


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def eligibility_problems(organization, competition, *, at=None):
    """Why ``organization`` may not apply to ``competition`` at moment ``at`` (default: the deadline)."""
    at = at or competition.closes_at
    day = timezone.localdate(at)
    problems = []
    if competition.requires_ngo_database and not organization.in_ngo_database:
        problems.append(Problem("not_in_ngo_database", "eligibility", "", _(
            "The organisation is not entered in the NGO database, which this competition requires.")))
    months = competition.min_organization_age_months
    if months and _add_months(organization.registered_on, months) > day:
        problems.append(Problem("organization_too_young", "eligibility", "", _(
            "The organisation was registered on %(date)s; the competition requires at least %(months)s months "
            "of existence by %(deadline)s.") % {"date": date_format(organization.registered_on, "d.m.Y"),
                                                 "months": months, "deadline": date_format(day, "d.m.Y")}))
    if competition.restrict_to_regions:
        region_ids = {r.pk for r in competition.regions.all()}
        if organization.region_id not in region_ids:
            problems.append(Problem("region_not_eligible", "eligibility", "", _(
                "The organisation is registered in %(region)s, which is not among this competition's regions.")
                % {"region": organization.region}))
    if competition.exclude_bankrupt and organization.is_bankrupt:
        problems.append(Problem("bankrupt", "eligibility", "", _("Bankrupt organisations may not apply.")))
    if competition.exclude_in_liquidation and organization.in_liquidation:
        problems.append(Problem("in_liquidation", "eligibility", "", _(
            "Organisations in liquidation may not apply.")))
    return problems


def register_problems(organization):
    """What the state register's check says against the organisation. "Not verified" (the register did not answer
    yet) is no problem: officials see it, the beat task keeps asking."""
    status = organization.verification_status
    if status == VerificationStatus.NOT_FOUND:
        return [Problem("register_not_found", "register", "", _(
            "The organisation's BIN was not found in the state register of legal entities."))]
    if status == VerificationStatus.MISMATCH:
        return [Problem("register_mismatch", "register", "", _(
            "The state register differs from what the organisation declared: %(fields)s.")
            % {"fields": ", ".join(str(label) for label, _declared, _register in
                                   organization.verification_differences)})]
    return []


def budget_totals(lines):
    """(total, administrative, direct) of budget lines, as Decimals with 2 places."""
    total = administrative = Decimal("0.00")
    for line in lines:
        amount = (line.quantity * line.unit_cost).quantize(Decimal("0.01"))
        total += amount
        if line.category in ADMINISTRATIVE_CATEGORIES:
            administrative += amount
    return total, administrative, total - administrative


def budget_problems(application, lines):
    competition = application.competition
    total, administrative, direct = budget_totals(lines)
    problems = []
    if not lines:
        problems.append(Problem("missing_budget", "budget", "budget", _("Add at least one budget line.")))
        return problems
    if total < competition.min_amount or total > competition.max_amount:
        problems.append(Problem("amount_out_of_limits", "budget", "budget", _(
            "The requested amount %(total)s KZT is outside the competition's limits of %(min)s to %(max)s KZT.")
            % {"total": total, "min": competition.min_amount, "max": competition.max_amount}))
    if administrative > direct:
        problems.append(Problem("admin_costs_above_direct", "budget", "budget", _(
            "Administrative costs (%(admin)s KZT) may not exceed direct costs (%(direct)s KZT).")
            % {"admin": administrative, "direct": direct}))
    years = set(competition.project_years or [])
    if competition.is_multi_year:
        for line in lines:
            if line.year is None or (years and line.year not in years):
                problems.append(Problem("budget_year_missing", "budget", "budget", _(
                    "Every budget line of a multi-year project needs a year among %(years)s.")
                    % {"years": ", ".join(str(y) for y in sorted(years)) or "—"}))
                break
    return problems


def document_problems(application, attachments):
    present = {a.document_type for a in attachments}
    return [
        Problem("missing_document", f"document:{doc.document_type}", "documents", _(
            "Attach the mandatory document: %(document)s.") % {"document": doc.get_document_type_display()})
        for doc in application.competition.required_documents.all()
        if doc.mandatory and doc.document_type not in present
    ]


def content_problems(application):
    problems = []
    for field, section in REQUIRED_TEXT_FIELDS.items():
        value = getattr(application, field)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            label = application._meta.get_field(field).verbose_name
            problems.append(Problem("missing_field", field, section, _("Fill in “%(field)s”.") % {
                "field": str(label)[:1].upper() + str(label)[1:]}))
    activities = list(application.activities.all())
    if not activities:
        problems.append(Problem("missing_activities", "activities", "activities", _(
            "Add at least one activity to the calendar plan.")))
    problems += activity_period_problems(application.competition, activities)
    if not application.indicators.exists():
        problems.append(Problem("missing_indicators", "indicators", "indicators", _(
            "Add at least one result indicator.")))
    return problems


def activity_period_problems(competition, activities):
    """Activities must fall within the competition's project period, when it has one."""
    start, end = competition.project_starts_on, competition.project_ends_on
    if not (start and end):
        return []
    outside = [a for a in activities if (a.starts_on and a.starts_on < start) or (a.ends_on and a.ends_on > end)]
    if not outside:
        return []
    return [Problem("activity_outside_project", "activities", "activities", _(
        "Activity “%(activity)s” falls outside the project period %(start)s – %(end)s.")
        % {"activity": outside[0].title, "start": date_format(start, "d.m.Y"), "end": date_format(end, "d.m.Y")})]


def deadline_problems(application, *, now):
    competition = application.competition
    local = timezone.localtime
    if application.status == ApplicationStatus.RETURNED and application.correction_deadline:
        if now >= application.correction_deadline:
            return [Problem("correction_deadline_passed", "deadline", "", _(
                "The correction deadline was %(deadline)s (Astana time); your submission was received at "
                "%(received)s.") % {"deadline": date_format(local(application.correction_deadline), "d.m.Y H:i"),
                                    "received": date_format(local(now), "d.m.Y H:i:s")})]
        return []
    if now >= competition.closes_at:
        return [Problem("deadline_passed", "deadline", "", _(
            "The deadline was %(deadline)s (Astana time); your submission was received at %(received)s. "
            "Your draft is kept.") % {"deadline": date_format(local(competition.closes_at), "d.m.Y H:i"),
                                      "received": date_format(local(now), "d.m.Y H:i:s")})]
    if now < competition.opens_at or competition.status != "published":
        return [Problem("not_open", "deadline", "", _("This competition is not accepting applications now."))]
    return []


def submission_problems(application, *, now=None):
    """Every reason the application cannot be submitted now, in form order."""
    now = now or timezone.now()
    lines = list(application.budget_lines.all())
    attachments = list(application.attachments.all())
    return [
        *deadline_problems(application, now=now),
        *eligibility_problems(application.organization, application.competition, at=now),
        *content_problems(application),
        *budget_problems(application, lines),
        *document_problems(application, attachments),
    ]
