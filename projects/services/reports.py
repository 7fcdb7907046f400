"""The minimum of step 4 that the money depends on: a progress report is written, submitted (frozen with its
sha256, late flagged), returned with reasons and a working-day deadline, or accepted, which releases the
tranches waiting for it. Indicators, spending per line and evidence: the second half of issue 13."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.canonical import canonical_sha256
from portal.errors import DomainError, check_transition
from portal.reference.calendar import add_working_days

from .. import calc
from ..enums import REPORT_TRANSITIONS, ProjectStatus, ReportStatus
from ..models import ProgressReport
from .money import tranches_release_for_period
from .transitions import StateError

OPEN_FOR_REPORTS = {ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING}


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
    return ProgressReport.objects.select_for_update(of=("self",)).select_related("period__project").get(pk=report.pk)


@transaction.atomic
def report_save(*, report, actor, narrative="", public_summary="", beneficiaries_reached=None, spent_total=None):
    report = _lock(report)
    if report.period.project.status not in OPEN_FOR_REPORTS:
        raise StateError(_("The project takes no reports now."), code="project_not_reporting")
    if report.status not in {ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED}:
        raise StateError(_("A submitted report cannot be changed."), code="not_editable")
    report.narrative, report.public_summary = narrative, public_summary
    report.beneficiaries_reached = beneficiaries_reached
    report.spent_total = calc.cents(spent_total) if spent_total not in (None, "") else None
    if report.status == ReportStatus.NOT_STARTED:
        return report_transition(report=report, to=ReportStatus.DRAFT, actor=actor)
    report.save()
    return report


def _snapshot(report):
    period = report.period
    return {"format": 1, "project": period.project.reference, "period": period.number, "kind": period.kind,
            "starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat(),
            "narrative": report.narrative, "public_summary": report.public_summary,
            "beneficiaries_reached": report.beneficiaries_reached,
            "spent_total": str(report.spent_total) if report.spent_total is not None else None}


@transaction.atomic
def report_submit(*, report, actor, now=None):
    now = now or timezone.now()
    report = _lock(report)
    if report.status == ReportStatus.SUBMITTED:
        return report  # a double click
    if not report.narrative.strip() or report.spent_total is None:
        raise DomainError(_("Write the narrative and the amount spent before submitting."), code="incomplete")
    report.snapshot = {**_snapshot(report), "submitted_at": now.isoformat()}
    report.snapshot_sha256 = canonical_sha256(report.snapshot)[1]
    report.submitted_at = now
    due = report.correction_deadline or report.period.due_on
    report.is_late = report.is_late or timezone.localdate(now) > due
    return report_transition(report=report, to=ReportStatus.SUBMITTED, actor=actor, now=now,
                             extra_after={"sha256": report.snapshot_sha256, "late": report.is_late})


@transaction.atomic
def report_return(*, report, reasons, actor, now=None):
    now = now or timezone.now()
    reasons = [r.strip() for r in (reasons or []) if r and r.strip()]
    if not reasons:
        raise DomainError(_("Give at least one reason for returning the report."), code="reason_required")
    report = _lock(report)
    report.return_reasons = reasons
    report.correction_deadline = add_working_days(timezone.localdate(now), settings.PROJECT_REPORT_DUE_WORKING_DAYS)
    return report_transition(report=report, to=ReportStatus.RETURNED, actor=actor, now=now,
                             reason="; ".join(reasons),
                             extra_after={"deadline": report.correction_deadline.isoformat()})


@transaction.atomic
def report_accept(*, report, actor, now=None):
    now = now or timezone.now()
    report = _lock(report)
    report.accepted_at = now
    report_transition(report=report, to=ReportStatus.ACCEPTED, actor=actor, now=now,
                      extra_after={"sha256": report.snapshot_sha256})
    tranches_release_for_period(period=report.period, actor=actor)
    return report
