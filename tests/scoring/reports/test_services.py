"""Reports asked for, rendered once, retried (scoring.reports.services)."""

import csv
import hashlib
import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import TestCase
from django.utils import timezone, translation
from openpyxl import load_workbook

from portal.audit.models import AuditEvent
from portal.formatting import MONTHS
from portal.notifications.models import OutboxMessage
from scoring.enums import ReportStatus
from scoring.models import Report
from scoring.reports import services as report_services
from scoring.reports.selectors import reports_of
from scoring.reports.services import report_request, report_retry, report_sweep
from tests.bilingual_pdf import bilingual

pytestmark = pytest.mark.django_db


def test_report_request_is_idempotent_and_renders_once(snapshot, official):
    calls = []
    original = report_services.report_render

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    with mock.patch.object(report_services, "report_render", side_effect=counting):
        with TestCase.captureOnCommitCallbacks(execute=True):
            first = report_request(snapshot=snapshot, format="pdf", actor=official)
        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
            second = report_request(snapshot=snapshot, format="pdf", actor=official)
    assert first.pk == second.pk
    assert callbacks == [] and len(calls) == 1
    first.refresh_from_db()
    assert (first.status, first.progress) == (ReportStatus.DONE, 100)
    content = first.file.read()
    assert hashlib.sha256(content).hexdigest() == first.sha256
    assert content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.generated").count() == 1


def test_a_failed_report_shows_its_error_and_can_be_retried(snapshot, official):
    with mock.patch("scoring.reports.render.render_pdf_bytes", side_effect=RuntimeError("fonts missing")):
        with TestCase.captureOnCommitCallbacks(execute=True):
            report = report_request(snapshot=snapshot, format="pdf", actor=official)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: fonts missing"
    # A new request does not re-queue a failed report; retry does.
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        again = report_request(snapshot=snapshot, format="pdf", actor=official)
    assert again.pk == report.pk and callbacks == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        report_retry(report=report, actor=official)
    report.refresh_from_db()
    assert (report.status, report.error) == (ReportStatus.DONE, "")


def test_a_database_error_puts_the_report_back_in_the_queue(snapshot, official):
    report = Report.objects.create(snapshot=snapshot, format="csv")
    with mock.patch("scoring.reports.render.render_csv_bytes", side_effect=OperationalError("connection lost")):
        with pytest.raises(OperationalError):
            report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_csv_and_xlsx_of_the_ranking(snapshot, official):
    with TestCase.captureOnCommitCallbacks(execute=True):
        csv_report = report_request(snapshot=snapshot, format="csv", actor=official)
        xlsx_report = report_request(snapshot=snapshot, format="xlsx", actor=official)
    csv_report.refresh_from_db()
    xlsx_report.refresh_from_db()
    rows = list(csv.reader(io.StringIO(csv_report.file.read().decode("utf-8-sig"))))
    numbers = [row["registration_number"] for row in snapshot.data["rows"]]
    assert [r[1] for r in rows[1:]] == numbers
    assert rows[1][5] == snapshot.data["rows"][0]["final_score"]
    sheet = load_workbook(io.BytesIO(xlsx_report.file.read())).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert [v[1] for v in values[1:]] == numbers
    assert values[1][2] == "Бірінші ұйым"


def test_the_pdf_report_is_one_file_in_kazakh_then_russian_whoever_asks(snapshot, official):
    """One PDF per snapshot, whatever the reader's language: the Kazakh text, then the Russian one; a CSV is
    written in the language asked for."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        with translation.override("kk"):
            kazakh = report_request(snapshot=snapshot, format="pdf", actor=official)
            csv_kk = report_request(snapshot=snapshot, format="csv", actor=official)
        with translation.override("ru"):
            russian = report_request(snapshot=snapshot, format="pdf", actor=official)
            csv_ru = report_request(snapshot=snapshot, format="csv", actor=official)
            assert reports_of(snapshot) == {"pdf": kazakh, "csv": csv_ru}
    assert kazakh.pk == russian.pk and kazakh.language == "kk+ru"
    assert (csv_kk.language, csv_ru.language) == ("kk", "ru")
    kazakh.refresh_from_db()
    content = kazakh.file.read()
    assert hashlib.sha256(content).hexdigest() == kazakh.sha256
    halves = bilingual(content, kk="Рейтинг туралы есеп", ru="Отчёт о рейтинге", name="ranking-report")
    frozen = timezone.localtime(snapshot.frozen_at)
    ru_first = halves.page_of("Отчёт о рейтинге")
    assert halves.page_of(f"{frozen.day} {MONTHS['kk'][frozen.month - 1]} {frozen.year}") < ru_first
    assert halves.page_of(f"{frozen.day} {MONTHS['ru'][frozen.month - 1]} {frozen.year}") == ru_first
    for number in range(1, ru_first + 1):  # each half counts its own pages
        assert re.search(rf"{ru_first}\s+беттің\s+{number}-беті", halves.pages[number - 1]), number
    assert re.search(rf"Страница\s+1\s+из\s+{len(halves.pages) - ru_first}\b", halves.pages[ru_first])


# --- the lease: a report whose worker died is taken over, and finished once ----------------------------------------


def _running(snapshot, *, lapsed, format="pdf"):
    moment = timezone.now() + timedelta(seconds=-5 if lapsed else 300)
    return Report.objects.create(snapshot=snapshot, format=format, status=ReportStatus.RUNNING, progress=40,
                                 started_at=timezone.now() - timedelta(minutes=1), lease_until=moment,
                                 lease_token="dead-worker", attempts=1)


def test_a_running_report_under_a_live_lease_is_left_to_its_worker(snapshot):
    report = _running(snapshot, lapsed=False)
    report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, report.lease_token, report.file.name) == (
        ReportStatus.RUNNING, 40, "dead-worker", "")


def test_a_redelivered_task_takes_over_a_report_whose_lease_lapsed(snapshot, settings):
    settings.REPORT_LEASE_SECONDS = 1000
    report = _running(snapshot, lapsed=True)
    leases = []
    original = report_services.render_report_file

    def watching(report, *, progress):
        progress(50)
        leases.append(Report.objects.get(pk=report.pk).lease_until)
        return original(report, progress=progress)

    with mock.patch.object(report_services, "render_report_file", side_effect=watching):
        report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts, report.lease_token, report.lease_until) == (
        ReportStatus.DONE, 100, 2, "", None)
    assert leases[0] > timezone.now() + timedelta(seconds=900), "each progress step renews the lease"
    assert hashlib.sha256(report.file.read()).hexdigest() == report.sha256
    assert AuditEvent.objects.filter(action="report.generated").count() == 1
    report_services.report_render(report_id=report.pk)  # the original message, redelivered later: nothing
    assert AuditEvent.objects.filter(action="report.generated").count() == 1


def test_a_worker_that_lost_its_lease_while_rendering_stores_nothing(snapshot):
    report = Report.objects.create(snapshot=snapshot, format="csv")
    original = report_services.render_report_file

    def taken_over(report, *, progress):
        content = original(report, progress=progress)
        Report.objects.filter(pk=report.pk).update(lease_token="another-worker")  # the sweeper gave it away
        return content

    with mock.patch.object(report_services, "render_report_file", side_effect=taken_over):
        report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.file.name, report.lease_token) == (ReportStatus.RUNNING, "", "another-worker")
    assert not AuditEvent.objects.filter(action="report.generated").exists()


def test_retry_accepts_a_report_stuck_with_a_lapsed_lease_and_not_one_still_rendering(snapshot, official):
    live = _running(snapshot, lapsed=False, format="csv")
    report_retry(report=live, actor=official)
    assert (live.status, OutboxMessage.objects.filter(channel="task").count()) == (ReportStatus.RUNNING, 0)
    stuck = _running(snapshot, lapsed=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        report_retry(report=stuck, actor=official)
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (ReportStatus.DONE, 2)
    assert [job.payload for job in OutboxMessage.objects.filter(channel="task")] == [
        {"kwargs": {"report_id": stuck.pk}}]


def test_the_sweeper_queues_again_each_report_whose_lease_lapsed_once(snapshot):
    live = _running(snapshot, lapsed=False, format="csv")
    stuck = _running(snapshot, lapsed=True)
    with TestCase.captureOnCommitCallbacks(execute=False):
        assert report_sweep() == [stuck.pk]
        assert report_sweep() == []
    stuck.refresh_from_db()
    assert (stuck.status, stuck.lease_token, stuck.lease_until) == (ReportStatus.QUEUED, "", None)
    jobs = OutboxMessage.objects.filter(channel="task", address="scoring.render_report")
    assert [(job.key, job.payload) for job in jobs] == [
        (f"report:{stuck.pk}:requeue:1:task", {"kwargs": {"report_id": stuck.pk}})]
    events = AuditEvent.objects.filter(action="report.requeued")
    assert [(e.target_id, e.reason, e.after) for e in events] == [(str(stuck.pk), "lease_lapsed", {"status": "queued"})]
    live.refresh_from_db()
    assert live.status == ReportStatus.RUNNING
