"""Writes of the reports of a frozen ranking: a request (once per snapshot, format and language), a retry,
and the rendering itself (the body of the Celery task, idempotent)."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from portal.notifications.services import outbox_enqueue_task

from ..enums import ReportFormat, ReportStatus
from ..models import Report
from .render import render_report_file

log = logging.getLogger(__name__)

def _enqueue_report(report):
    outbox_enqueue_task(task="scoring.render_report", kwargs={"report_id": report.pk})


@transaction.atomic
def report_request(*, snapshot, format, actor, language=None):
    """Ask for a report of a snapshot. Idempotent: one Report per snapshot, format and language, one job for it.

    ``language`` (default: the active one) is the language the report is written in.

    A second request returns the existing report (whatever its state) and enqueues nothing; a failed
    report is queued again only by ``report_retry``."""
    if format not in ReportFormat.values:
        raise DomainError(_("Unknown report format."), code="bad_format")
    language = _report_language(language)
    report, created = Report.objects.get_or_create(
        snapshot=snapshot, format=format, language=language,
        defaults={"requested_by": actor if getattr(actor, "pk", None) else None})
    if created:
        _enqueue_report(report)
    return report


def _report_language(language):
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def report_retry(*, report, actor):
    """Queue a failed report again (anything else is left as it is)."""
    updated = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, error="", started_at=None, finished_at=None)
    report.refresh_from_db()
    if updated:
        _enqueue_report(report)
    return report


def report_render(*, report_id):
    """Produce the file of one report (the body of the Celery task). Idempotent and safe to run twice.

    Not one transaction on purpose: progress is committed as it goes so the page polling it sees it.
    A database ``OperationalError`` puts the report back in the queue state and is re-raised for the
    task's autoretry; any other error marks the report failed with the message shown to the official."""
    report = Report.objects.select_related("snapshot__competition").filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    now = timezone.now()
    stale = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 900))
    claimed = Report.objects.filter(pk=report.pk).filter(
        Q(status=ReportStatus.QUEUED) | Q(status=ReportStatus.RUNNING, started_at__lt=stale)
    ).update(status=ReportStatus.RUNNING, started_at=now, progress=5, error="")
    if not claimed:
        return report  # another worker is on it, or it failed and waits for a retry

    def progress(percent):
        Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(progress=min(int(percent), 99))

    try:
        content, extension = render_report_file(report, progress=progress)
        sha256 = hashlib.sha256(content).hexdigest()
        snapshot = report.snapshot
        name = f"{snapshot.competition.reference}-ranking-{snapshot.number}.{extension}"
        with transaction.atomic():
            report.file.save(name, ContentFile(content), save=False)
            Report.objects.filter(pk=report.pk).update(
                file=report.file.name, sha256=sha256, status=ReportStatus.DONE, progress=100,
                finished_at=timezone.now(), error="")
            audit.record(actor=None, action="report.generated", target=report,
                         competition_id=snapshot.competition_id,
                         after={"format": report.format, "sha256": sha256, "snapshot": snapshot.number,
                                "snapshot_sha256": snapshot.sha256})
    except OperationalError:
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
        raise
    except Exception as exc:  # noqa: BLE001 - the official sees the error and may retry
        log.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
    report.refresh_from_db()
    return report
