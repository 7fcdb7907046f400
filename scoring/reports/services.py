"""Writes of the reports of a frozen ranking: a request (once per snapshot, format and language), a retry,
and the rendering itself (the body of the Celery task, idempotent)."""

import hashlib
import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from portal.notifications.services import outbox_enqueue_task
from portal.pdf import BILINGUAL

from ..enums import ReportFormat, ReportStatus
from ..models import Report
from .render import render_report_file

log = logging.getLogger(__name__)

def _enqueue_report(report):
    outbox_enqueue_task(task="scoring.render_report", kwargs={"report_id": report.pk})


@transaction.atomic
def report_request(*, snapshot, format, actor, language=None):
    """Ask for a report of a snapshot. Idempotent: one Report per snapshot, format and language, one job for it.

    The PDF is written in Kazakh and Russian (language "kk+ru", whatever ``language`` says); a CSV or XLSX in
    ``language`` (default: the active one).

    A second request returns the existing report (whatever its state) and enqueues nothing; a failed
    report is queued again only by ``report_retry``."""
    if format not in ReportFormat.values:
        raise DomainError(_("Unknown report format."), code="bad_format")
    language = BILINGUAL if format == ReportFormat.PDF else _report_language(language)
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


def _lapsed(now):
    """A report that is running under a lease that lapsed: its worker died (or hangs past its lease)."""
    return Q(status=ReportStatus.RUNNING) & (Q(lease_until__lt=now) | Q(lease_until__isnull=True))


@transaction.atomic
def report_retry(*, report, actor):
    """Queue a failed report again, or one stuck in "running" whose lease lapsed (anything else is left as it is)."""
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk).filter(Q(status=ReportStatus.FAILED) | _lapsed(now)).update(
        status=ReportStatus.QUEUED, progress=0, error="", started_at=None, finished_at=None, lease_until=None,
        lease_token="")
    report.refresh_from_db()
    if updated:
        _enqueue_report(report)
    return report


def report_sweep(*, now=None):
    """Queue again every report whose lease lapsed (the beat sweeper); returns their ids.

    Each is put back to "queued" and its job written to the outbox in one transaction per report, so a
    report is re-queued once however many sweepers run; the job is idempotent (``report_render``)."""
    now = now or timezone.now()
    swept = []
    for report_id in Report.objects.filter(_lapsed(now)).values_list("pk", flat=True)[:100]:
        with transaction.atomic():
            report = Report.objects.select_for_update(skip_locked=True).filter(_lapsed(now), pk=report_id).first()
            if report is None:
                continue
            Report.objects.filter(pk=report.pk).update(
                status=ReportStatus.QUEUED, progress=0, lease_until=None, lease_token="")
            outbox_enqueue_task(task="scoring.render_report", kwargs={"report_id": report.pk},
                                key=f"report:{report.pk}:requeue:{report.attempts}")
            audit.record(actor=None, action="report.requeued", target=report,
                         competition_id=report.snapshot.competition_id,
                         before={"status": ReportStatus.RUNNING, "attempts": report.attempts},
                         after={"status": ReportStatus.QUEUED}, reason="lease_lapsed")
            swept.append(report.pk)
    return swept


def _claim(report_id, now):
    """Take the report under a new lease: a queued one, or a running one whose lease lapsed. The token or None."""
    token = uuid.uuid4().hex
    claimed = Report.objects.filter(pk=report_id).filter(Q(status=ReportStatus.QUEUED) | _lapsed(now)).update(
        status=ReportStatus.RUNNING, started_at=now, progress=5, error="", lease_token=token,
        lease_until=now + timedelta(seconds=settings.REPORT_LEASE_SECONDS), attempts=F("attempts") + 1)
    return token if claimed else None


def _ours(report_id, token):
    return Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, lease_token=token)


def report_render(*, report_id):
    """Produce the file of one report (the body of the Celery task). Idempotent and safe to run twice.

    Not one transaction on purpose: progress is committed as it goes so the page polling it sees it, and each
    progress step renews the lease (``REPORT_LEASE_SECONDS``). A worker killed mid-render leaves a lease that
    lapses; the redelivered task, a retry or the sweeper then takes over, and the file is stored, and
    "report.generated" recorded, only by the holder of the current lease, once.
    A database ``OperationalError`` puts the report back in the queue state and is re-raised for the
    task's autoretry; any other error marks the report failed with the message shown to the official."""
    report = Report.objects.select_related("snapshot__competition").filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    token = _claim(report.pk, timezone.now())
    if token is None:
        return report  # another worker holds a live lease, or it failed and waits for a retry

    def progress(percent):
        if settings.REPORT_TEST_STEP_SECONDS:  # test-only: a slow render for the worker-kill test
            time.sleep(settings.REPORT_TEST_STEP_SECONDS)
        lease_until = timezone.now() + timedelta(seconds=settings.REPORT_LEASE_SECONDS)
        _ours(report.pk, token).update(progress=min(int(percent), 99), lease_until=lease_until)

    try:
        progress(5)
        content, extension = render_report_file(report, progress=progress)
        sha256 = hashlib.sha256(content).hexdigest()
        snapshot = report.snapshot
        name = f"{snapshot.competition.reference}-ranking-{snapshot.number}.{extension}"
        with transaction.atomic():
            if not _ours(report.pk, token).select_for_update().exists():
                log.warning("report %s: lease lost while rendering, the file is discarded", report.pk)
                report.refresh_from_db()
                return report
            report.file.save(name, ContentFile(content), save=False)
            _ours(report.pk, token).update(
                file=report.file.name, sha256=sha256, status=ReportStatus.DONE, progress=100,
                finished_at=timezone.now(), error="", lease_until=None, lease_token="")
            audit.record(actor=None, action="report.generated", target=report,
                         competition_id=snapshot.competition_id,
                         after={"format": report.format, "sha256": sha256, "snapshot": snapshot.number,
                                "snapshot_sha256": snapshot.sha256})
    except OperationalError:
        _ours(report.pk, token).update(status=ReportStatus.QUEUED, progress=0, lease_until=None, lease_token="")
        raise
    except Exception as exc:  # noqa: BLE001 - the official sees the error and may retry
        log.exception("report %s failed", report.pk)
        _ours(report.pk, token).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now(),
            lease_until=None, lease_token="")
    report.refresh_from_db()
    return report
