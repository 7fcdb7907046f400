"""Reads of the reports of frozen rankings."""

from django.db.models import Q
from django.utils import timezone, translation

from competitions.selectors import competitions_followed_by
from portal.pdf import BILINGUAL

from ..enums import ReportFormat, ReportStatus
from ..models import Report


def reports_of(snapshot, *, language=None):
    """The reports of a snapshot, by format: the PDF in Kazakh and Russian, CSV and XLSX in one language (the
    active one by default)."""
    language = (language or translation.get_language() or "ru")[:2]
    return {r.format: r for r in Report.objects.filter(snapshot=snapshot).filter(
        Q(format=ReportFormat.PDF, language=BILINGUAL) | (~Q(format=ReportFormat.PDF) & Q(language=language)))}


def reports_for_user(user):
    """Reports of the competitions the user follows (officials, observers, administrators)."""
    return Report.objects.filter(
        snapshot__competition__in=competitions_followed_by(user)).select_related(
        "snapshot__competition")


def reports_of_competition(competition):
    """The competition's reports (a page looks one up by id: 404 for another competition's)."""
    return Report.objects.select_related("snapshot__competition").filter(snapshot__competition=competition)


def report_stuck(report, *, now=None):
    """Running under a lease that lapsed: its worker died; a retry (or the sweeper) queues it again."""
    now = now or timezone.now()
    return report.status == ReportStatus.RUNNING and (report.lease_until is None or report.lease_until < now)
