"""Progress reports (issue 13, step 4): the organisation writes a report per reporting period (activities done
vs the calendar plan, each indicator's actual vs its target, spending per budget line vs plan, beneficiaries,
evidence, narrative and public summary), saves it as a draft any time and submits it, which freezes a snapshot
with its sha256 (indicator values, spending and the evidence's sha256s included; late flagged). The curator
returns it with reasons and a working-day deadline, or accepts it, which releases the tranches waiting for it."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.selectors import members_by_organization
from applications.uploads import check_upload
from competitions.selectors import officials_of
from portal import audit
from portal.canonical import canonical_sha256
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from portal.reference.calendar import add_working_days

from .. import calc
from ..enums import REPORT_TRANSITIONS, EvidenceKind, ProjectStatus, ReportStatus
from ..models import ProgressReport, ReportEvidence, ReportIndicatorValue, ReportSpending
from .money import tranches_release_for_period
from .transitions import StateError

OPEN_FOR_REPORTS = {ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING}
EDITABLE = {ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED}


class ReportIncomplete(DomainError):
    """The report cannot be submitted yet; ``problems`` maps a field key (``narrative``,
    ``spending-<line id>-explanation``, ...) to the message shown beside that field."""

    def __init__(self, problems):
        self.by_field = dict(problems)
        self.problems = list(self.by_field.items())  # (field, message) pairs, as the API lists them
        super().__init__(_("The report cannot be submitted yet: fix the fields marked."), code="incomplete")


def report_transition(*, report, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``ProgressReport.status``."""
    now = now or timezone.now()
    before = report.status
    check_transition(table=REPORT_TRANSITIONS, kind="report", current=before, to=to)
    report.status, report.status_changed_at = to, now
    report.save()
    project = report.period.project
    audit.record(actor=actor, action=f"report.{to}", target=report, competition_id=project.competition_id,
                 before={"status": before}, after={"status": to, **(extra_after or {})}, reason=reason)
    return report


def _lock(report):
    return ProgressReport.objects.select_for_update(of=("self",)).select_related(
        "period__project__competition", "period__project__curator").get(pk=report.pk)


def _editable(report):
    if report.period.project.status not in OPEN_FOR_REPORTS:
        raise StateError(_("The project takes no reports now."), code="project_not_reporting")
    if report.status not in EDITABLE:
        raise StateError(_("A submitted report cannot be changed."), code="not_editable")


def report_budget_lines(report):
    """The budget lines a report accounts for: those of the period's year (every line without a year, or when
    the period has none)."""
    period = report.period
    lines = period.project.budget_lines.all()
    if period.year is not None and period.project.is_multi_year:
        lines = [line for line in lines if line.year in (None, period.year)]
    return list(lines)


def indicator_target(indicator, year):
    """The target of ``indicator`` for ``year`` (its per-year target when there is one, else the whole one)."""
    for per_year in indicator.targets.all():
        if per_year.year == year:
            return per_year.target
    return indicator.target


def _clean_activities(report, activities_done):
    known = {a.pk for a in report.period.project.activities.all()}
    rows = []
    for item in activities_done or []:
        activity = int(item["activity"])
        if activity not in known:
            raise DomainError(_("This activity is not one of the project's."), code="unknown_activity")
        rows.append({"activity": activity, "done": bool(item.get("done")), "note": str(item.get("note") or "")})
    return rows


def _save_indicators(report, values):
    known = {i.pk: i for i in report.period.project.indicators.all()}
    for item in values:
        indicator = known.get(int(item["indicator"]))
        if indicator is None:
            raise DomainError(_("This indicator is not one of the project's."), code="unknown_indicator")
        if item.get("actual") in (None, ""):
            ReportIndicatorValue.objects.filter(report=report, indicator=indicator).delete()
            continue
        ReportIndicatorValue.objects.update_or_create(report=report, indicator=indicator, defaults={
            "actual": Decimal(item["actual"]), "comment": str(item.get("comment") or ""),
            "year": report.period.year})


def _save_spending(report, rows):
    known = {line.pk: line for line in report_budget_lines(report)}
    for item in rows:
        line = known.get(int(item["budget_line"]))
        if line is None:
            raise DomainError(_("This budget line is not one of the period's."), code="unknown_budget_line")
        if item.get("spent") in (None, ""):
            ReportSpending.objects.filter(report=report, budget_line=line).delete()
            continue
        spent = calc.cents(item["spent"])
        if spent < 0:
            raise DomainError(_("Spending cannot be negative."), code="negative_spending")
        ReportSpending.objects.update_or_create(report=report, budget_line=line, defaults={
            "spent": spent, "explanation": str(item.get("explanation") or "").strip()})


@transaction.atomic
def report_save(*, report, actor, narrative=None, public_summary=None, beneficiaries_reached=None,
                spent_total=None, activities_done=None, indicator_values=None, spending=None):
    """Save the draft (any part; a part given as None is left as it is). With spending per budget line, the
    amount spent is their sum."""
    report = _lock(report)
    _editable(report)
    if narrative is not None:
        report.narrative = narrative
    if public_summary is not None:
        report.public_summary = public_summary
    if beneficiaries_reached not in (None, ""):
        report.beneficiaries_reached = beneficiaries_reached
    if activities_done is not None:
        report.activities_done = _clean_activities(report, activities_done)
    if indicator_values is not None:
        _save_indicators(report, indicator_values)
    if spending is not None:
        _save_spending(report, spending)
    spent = [row.spent for row in report.spending.all()]
    if spent:
        report.spent_total = sum(spent, Decimal("0"))
    elif spent_total not in (None, ""):
        report.spent_total = calc.cents(spent_total)
    if report.status == ReportStatus.NOT_STARTED:
        return report_transition(report=report, to=ReportStatus.DRAFT, actor=actor)
    report.save()
    return report


def spending_problems(report):
    """{field key: message} for every line whose variance needs an explanation that is missing."""
    planned = {line.pk: line.amount for line in report_budget_lines(report)}
    problems = {}
    for row in report.spending.all():
        if row.budget_line_id in planned and not row.explanation.strip() \
                and calc.needs_explanation(planned[row.budget_line_id], row.spent):
            problems[f"spending-{row.budget_line_id}-explanation"] = _(
                "The spending differs from the plan by more than 10 %: explain why.")
    return problems


def submission_problems(report):
    problems = {}
    if not report.narrative.strip():
        problems["narrative"] = _("Write the narrative.")
    if report.spent_total is None:
        problems["spent_total"] = _("Give the amount spent, per budget line or in total.")
    problems.update(spending_problems(report))
    return problems


@transaction.atomic
def evidence_add(*, report, actor, upload, kind=EvidenceKind.OTHER, is_public=False):
    """Attach one evidence file, checked exactly as an application's attachments (size, content, PDF)."""
    report = _lock(report)
    _editable(report)
    if kind not in EvidenceKind.values:
        raise DomainError(_("Choose the kind of evidence."), code="evidence_kind")
    used = sum(e.size for e in report.evidence.all())
    checked = check_upload(upload, used_bytes=used)
    upload.seek(0)
    evidence = ReportEvidence(report=report, kind=kind, original_name=checked.display_name,
                              content_type=checked.kind.content_type, size=checked.size, sha256=checked.sha256,
                              is_public=bool(is_public), uploaded_by=actor)
    evidence.file.save(checked.display_name, upload, save=False)
    evidence.save()
    audit.record(actor=actor, action="report.evidence_added", target=report,
                 competition_id=report.period.project.competition_id,
                 after={"evidence": evidence.pk, "kind": kind, "sha256": checked.sha256})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, actor):
    report = _lock(evidence.report)
    _editable(report)
    audit.record(actor=actor, action="report.evidence_removed", target=report,
                 competition_id=report.period.project.competition_id,
                 before={"evidence": evidence.pk, "sha256": evidence.sha256})
    evidence.file.delete(save=False)
    evidence.delete()


def _snapshot(report):
    period = report.period
    activities = {a.pk: a for a in period.project.activities.all()}
    lines = {line.pk: line for line in report_budget_lines(report)}
    return {
        "format": 2, "project": period.project.reference, "period": period.number, "kind": period.kind,
        "year": period.year, "starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat(),
        "narrative": report.narrative, "public_summary": report.public_summary,
        "beneficiaries_reached": report.beneficiaries_reached,
        "spent_total": str(report.spent_total) if report.spent_total is not None else None,
        "activities": [{**row, "title": activities[row["activity"]].title}
                       for row in report.activities_done if row["activity"] in activities],
        "indicators": [{"indicator": v.indicator_id, "name": v.indicator.name, "unit": v.indicator.unit,
                        "year": v.year, "target": str(indicator_target(v.indicator, v.year)),
                        "actual": str(v.actual), "comment": v.comment}
                       for v in report.indicator_values.select_related("indicator").order_by("indicator__order",
                                                                                             "indicator_id")],
        "spending": [{"budget_line": s.budget_line_id, "description": lines[s.budget_line_id].description,
                      "planned": str(lines[s.budget_line_id].amount), "spent": str(s.spent),
                      "explanation": s.explanation}
                     for s in report.spending.order_by("budget_line_id") if s.budget_line_id in lines],
        "evidence": [{"kind": e.kind, "name": e.original_name, "size": e.size, "sha256": e.sha256,
                      "public": e.is_public} for e in report.evidence.order_by("id")],
    }


def members(project):
    """The organisation's people: told about their reports and messages."""
    return members_by_organization({project.organization_id})[project.organization_id]


def curators(project):
    """The project's curator, or, while none is named, the officials of the competition's body."""
    return [project.curator] if project.curator_id else officials_of(project.competition)


@transaction.atomic
def report_submit(*, report, actor, now=None):
    now = now or timezone.now()
    report = _lock(report)
    if report.status == ReportStatus.SUBMITTED:
        return report  # a double click
    if report.status in EDITABLE:
        _editable(report)
    problems = submission_problems(report)
    if problems:
        raise ReportIncomplete(problems)
    report.snapshot = {**_snapshot(report), "submitted_at": now.isoformat()}
    report.snapshot_sha256 = canonical_sha256(report.snapshot)[1]
    report.submitted_at = now
    due = report.correction_deadline or report.period.due_on
    report.is_late = report.is_late or timezone.localdate(now) > due
    report_transition(report=report, to=ReportStatus.SUBMITTED, actor=actor, now=now,
                      extra_after={"sha256": report.snapshot_sha256, "late": report.is_late})
    project = report.period.project
    notify(users=curators(project), url=f"/projects/reports/{report.pk}/",
           subject=later(_("Project %(reference)s: a progress report was submitted"), reference=project.reference))
    return report


@transaction.atomic
def report_return(*, report, reasons, actor, now=None):
    now = now or timezone.now()
    reasons = [r.strip() for r in (reasons or []) if r and r.strip()]
    if not reasons:
        raise DomainError(_("Give at least one reason for returning the report."), code="reason_required")
    report = _lock(report)
    report.return_reasons = reasons
    report.correction_deadline = add_working_days(timezone.localdate(now), settings.PROJECT_REPORT_DUE_WORKING_DAYS)
    report_transition(report=report, to=ReportStatus.RETURNED, actor=actor, now=now, reason="; ".join(reasons),
                      extra_after={"deadline": report.correction_deadline.isoformat()})
    project = report.period.project
    notify(users=members(project), url=f"/projects/reports/{report.pk}/",
           subject=later(_("Project %(reference)s: the progress report was returned for correction"),
                         reference=project.reference),
           body=later(_("Correct it and submit it again by %(date)s."),
                      date=report.correction_deadline.strftime("%d.%m.%Y")))
    return report


@transaction.atomic
def report_accept(*, report, actor, now=None):
    now = now or timezone.now()
    report = _lock(report)
    report.accepted_at = now
    report_transition(report=report, to=ReportStatus.ACCEPTED, actor=actor, now=now,
                      extra_after={"sha256": report.snapshot_sha256})
    tranches_release_for_period(period=report.period, actor=actor)
    project = report.period.project
    notify(users=members(project), url=f"/projects/reports/{report.pk}/",
           subject=later(_("Project %(reference)s: the progress report was accepted"), reference=project.reference))
    return report
