"""The daily sweep of progress reports (beat task ``projects.report_reminders``): a reminder to the organisation
``PROJECT_REPORT_REMINDER_DAYS`` working days before a report is due, one more on the day after it was due
(each stored on the report, so sent exactly once), and the late flag on every overdue unsubmitted report."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.notifications.services import later, notify
from portal.reference.calendar import working_days_between

from ..enums import ReportStatus
from ..models import ProgressReport
from .reports import EDITABLE, OPEN_FOR_REPORTS, curators, members


def _due(report):
    return report.correction_deadline if report.status == ReportStatus.RETURNED and report.correction_deadline \
        else report.period.due_on


def _open_reports():
    return (ProgressReport.objects.select_for_update(of=("self",))
            .filter(status__in=EDITABLE, period__project__status__in=OPEN_FOR_REPORTS)
            .select_related("period__project__competition", "period__project__curator").order_by("pk"))


def _remind_before(report, due, today):
    project = report.period.project
    notify(users=members(project), url=f"/projects/reports/{report.pk}/",
           subject=later(_("Project %(reference)s: a progress report is due on %(date)s"),
                         reference=project.reference, date=due.strftime("%d.%m.%Y")))
    report.reminded_before_on = today


def _remind_overdue(report, due, today):
    project = report.period.project
    notify(users=[*members(project), *curators(project)], url=f"/projects/reports/{report.pk}/",
           subject=later(_("Project %(reference)s: the progress report due on %(date)s is late"),
                         reference=project.reference, date=due.strftime("%d.%m.%Y")))
    report.reminded_overdue_on = today


@transaction.atomic
def reports_remind_and_flag(*, today=None):
    """Returns (reminders before, overdue reminders, reports newly flagged late)."""
    today = today or timezone.localdate()
    days = settings.PROJECT_REPORT_REMINDER_DAYS
    horizon = today + timedelta(days=days * 3 + 30)
    before = overdue = flagged = 0
    for report in _open_reports().filter(period__due_on__lte=horizon):
        due = _due(report)
        changed = []
        if report.reminded_before_on is None and today <= due and working_days_between(today, due) <= days:
            _remind_before(report, due, today)
            before, changed = before + 1, [*changed, "reminded_before_on"]
        if today > due:
            if report.reminded_overdue_on is None:
                _remind_overdue(report, due, today)
                overdue, changed = overdue + 1, [*changed, "reminded_overdue_on"]
            if not report.is_late:
                report.is_late = True
                flagged, changed = flagged + 1, [*changed, "is_late"]
                audit.record(actor=None, action="report.flagged_late", target=report,
                             competition_id=report.period.project.competition_id,
                             after={"late": True, "due_on": due.isoformat()})
        if changed:
            report.save(update_fields=changed)
    return before, overdue, flagged
