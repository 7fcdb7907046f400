import csv
import hashlib
import io
import re
from unittest import mock

import pytest
from django.db import OperationalError
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.audit.models import AuditEvent
from scoring import services as scoring_services
from scoring.enums import ReportStatus
from scoring.models import Report
from scoring.reports import render_pdf_bytes
from scoring.services import ranking_freeze, report_request, report_retry
from tests import factories as f

from .results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db
KAZAKH = "әғқңөұүһі"


@pytest.fixture
def snapshot(official):
    competition = ranked_competition(weights=("2", "1"), pass_threshold="10", total_budget="3000000",
                                     title_kk=f"Жастар конкурсы {KAZAKH}", title_ru="Молодёжный конкурс")
    names = ["Бірінші ұйым", "Второе объединение", "Үшінші қор <b>&</b>"]
    scores = [[[9, 9], [9, 8]], [[7, 7], [7, 6]], [[3, 3], [2, 3]]]
    for name, expert_scores in zip(names, scores, strict=True):
        scored_application(competition, expert_scores, organization=f.OrganizationFactory(name=name),
                           title=f"Жоба {KAZAKH} {KAZAKH.upper()} — {name}", requested="1000000")
    return ranking_freeze(competition=competition, actor=official)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_ranking_order_kazakh_letters_hash_and_page_footers(snapshot):
    content = render_pdf_bytes(snapshot)
    reader, text = pdf_text(content)
    numbers = [row["registration_number"] for row in snapshot.data["rows"]]
    positions = [text.index(number) for number in numbers]
    assert positions == sorted(positions), "the ranking table is in rank order"
    for letter in KAZAKH + KAZAKH.upper():
        assert letter in text, f"{letter} is rendered"
    assert snapshot.sha256 in text.replace("\n", "")
    assert re.search(rf"1\s+of\s+{len(reader.pages)}", text)
    # The embedded font is our @font-face DejaVu Sans from static/fonts ("Portal Sans", subset).
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Portal-Sans") for name in fonts)
    # Landscape A4.
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595


def test_user_text_is_escaped_in_the_pdf(snapshot):
    text = pdf_text(render_pdf_bytes(snapshot))[1]
    assert "Үшінші қор <b>&</b>" in text  # shown literally, not interpreted as markup


def test_report_request_is_idempotent_and_renders_once(snapshot, official):
    from django.test import TestCase

    calls = []
    original = scoring_services.report_render

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    with mock.patch.object(scoring_services, "report_render", side_effect=counting):
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
    from django.test import TestCase

    with mock.patch("scoring.reports.render_pdf_bytes", side_effect=RuntimeError("fonts missing")):
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
    with mock.patch("scoring.reports.render_csv_bytes", side_effect=OperationalError("connection lost")):
        with pytest.raises(OperationalError):
            scoring_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    scoring_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_csv_and_xlsx_of_the_ranking(snapshot, official):
    from django.test import TestCase

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


def test_spreadsheet_formulas_in_user_text_are_neutralised(official):
    from scoring.reports import render_csv_bytes, render_xlsx_bytes

    competition = ranked_competition(weights=("1",), experts=1)
    scored_application(competition, [[5]], organization=f.OrganizationFactory(name="=HYPERLINK(\"x\")"),
                       title="+cmd")
    snapshot = ranking_freeze(competition=competition, actor=official)
    text = render_csv_bytes(snapshot).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text
    sheet = load_workbook(io.BytesIO(render_xlsx_bytes(snapshot))).worksheets[0]
    assert list(sheet.iter_rows(values_only=True))[1][2] == "'=HYPERLINK(\"x\")"


def test_a_report_laid_out_in_parts_has_the_pages_of_one_document(snapshot):
    """The PDF is rendered in parts (bounded memory); joined, they must read as the single document."""
    from scoring import reports

    template = snapshot.data["rows"]
    snapshot.data["rows"] = [{**template[i % len(template)], "rank": i + 1, "registration_number": f"REG-{i + 1:03d}"}
                             for i in range(70)]
    parts, progress = [], []
    original = reports._render_part

    def recording(html, **kwargs):
        result = original(html, **kwargs)
        parts.append((kwargs["first_row"], kwargs["stop"], result[2]))
        return result

    with mock.patch.object(reports, "_render_part", side_effect=recording):
        in_parts = PdfReader(io.BytesIO(render_pdf_bytes(snapshot, rows_per_part=30, progress=progress.append)))
    whole = PdfReader(io.BytesIO(render_pdf_bytes(snapshot, rows_per_part=10_000)))
    assert len(parts) >= 3 and any(resume < stop for _first, stop, resume in parts[:-1]), \
        "a part gave its last page to the next part"
    total = len(whole.pages)
    assert len(in_parts.pages) == total

    def normalised(page):  # the generation time may differ by a minute between the two renders
        return re.sub(r"\d\d:\d\d", "", page.extract_text())

    for number, (page, same) in enumerate(zip(in_parts.pages, whole.pages, strict=True), start=1):
        assert normalised(page) == normalised(same), f"page {number}"
        assert re.search(rf"Page\s+{number}\s+of\s+{total}\b", page.extract_text()), f"footer of page {number}"
    text = "\n".join(page.extract_text() for page in in_parts.pages)
    positions = [text.index(f"REG-{i:03d}") for i in range(1, 71)]
    assert positions == sorted(positions) and all(text.count(f"REG-{i:03d}") == 1 for i in range(1, 71))
    assert progress == sorted(progress) and len(set(progress)) >= 4, "progress moves with every part"
    # The document outline nests the section headings under the title, as for one document.
    assert [item.title for item in in_parts.outline if not isinstance(item, list)] == \
        [item.title for item in whole.outline if not isinstance(item, list)]
    # Every font subset has its own tag (each part subsets the fonts on its own).
    fonts = {font.idnum: str(font.get_object()["/BaseFont"]) for page in in_parts.pages
             for font in page["/Resources"]["/Font"].values()}
    assert len(set(fonts.values())) == len(fonts)
    assert round(float(in_parts.pages[-1].mediabox.width)) == 842


def test_a_report_is_written_in_the_language_it_was_requested_in(snapshot, official):
    """One report per snapshot, format and language; the worker renders it in that language."""
    from django.test import TestCase
    from django.utils import translation

    with TestCase.captureOnCommitCallbacks(execute=True):
        with translation.override("kk"):
            kazakh = report_request(snapshot=snapshot, format="pdf", actor=official)
        with translation.override("ru"):
            russian = report_request(snapshot=snapshot, format="pdf", actor=official)
            again = report_request(snapshot=snapshot, format="pdf", actor=official)
    assert (kazakh.language, russian.language) == ("kk", "ru")
    assert again.pk == russian.pk and kazakh.pk != russian.pk
    kazakh.refresh_from_db()
    russian.refresh_from_db()
    _reader, kazakh_text = pdf_text(kazakh.file.read())
    _reader, russian_text = pdf_text(russian.file.read())
    assert "Рейтинг туралы есеп" in kazakh_text and "Отчёт о рейтинге" not in kazakh_text
    assert "Отчёт о рейтинге" in russian_text
