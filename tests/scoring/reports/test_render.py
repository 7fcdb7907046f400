"""The files of a frozen ranking (scoring.reports.render): PDF, CSV, XLSX."""

import io
import re
from unittest import mock

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scoring.ranking.services import ranking_freeze
from scoring.reports import render
from scoring.reports.render import render_csv_bytes, render_pdf_bytes, render_xlsx_bytes
from tests import factories as f
from tests.scoring.reports.world import KAZAKH, pdf_text
from tests.scoring.results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db


def test_pdf_has_ranking_order_kazakh_letters_hash_and_page_footers(snapshot):
    content = render_pdf_bytes(snapshot)
    reader, text = pdf_text(content)
    numbers = [row["registration_number"] for row in snapshot.data["rows"]]
    positions = [text.index(number) for number in numbers]
    assert positions == sorted(positions), "the ranking table is in rank order"
    for letter in KAZAKH + KAZAKH.upper():
        assert letter in text, f"{letter} is rendered"
    assert snapshot.sha256 in text.replace("\n", "")
    assert re.search(r"беттің\s+1-беті", reader.pages[0].extract_text())  # "page 1 of N" of the Kazakh half
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


def test_spreadsheet_formulas_in_user_text_are_neutralised(official):
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
    template = snapshot.data["rows"]
    snapshot.data["rows"] = [{**template[i % len(template)], "rank": i + 1, "registration_number": f"REG-{i + 1:03d}"}
                             for i in range(70)]
    parts, progress = [], []
    original = render._render_part

    def recording(html, **kwargs):
        result = original(html, **kwargs)
        parts.append((kwargs["first_row"], kwargs["stop"], result[2]))
        return result

    with mock.patch.object(render, "_render_part", side_effect=recording):
        in_parts = PdfReader(io.BytesIO(render_pdf_bytes(snapshot, rows_per_part=30, progress=progress.append)))
    whole = PdfReader(io.BytesIO(render_pdf_bytes(snapshot, rows_per_part=10_000)))
    assert len(parts) >= 3 and any(resume < stop for _first, stop, resume in parts[:-1]), \
        "a part gave its last page to the next part"
    total = len(whole.pages)
    assert len(in_parts.pages) == total

    def normalised(page):  # the generation time may differ by a minute between the two renders
        return re.sub(r"\d\d:\d\d", "", page.extract_text())

    ru_first = next(i for i, page in enumerate(whole.pages) if "На русском языке" in page.extract_text())
    for index, (page, same) in enumerate(zip(in_parts.pages, whole.pages, strict=True)):
        assert normalised(page) == normalised(same), f"page {index + 1}"
        footer = (rf"{ru_first}\s+беттің\s+{index + 1}-беті" if index < ru_first
                  else rf"Страница\s+{index - ru_first + 1}\s+из\s+{total - ru_first}\b")
        assert re.search(footer, page.extract_text()), f"footer of page {index + 1}"
    for half in (in_parts.pages[:ru_first], in_parts.pages[ru_first:]):  # each half holds the whole ranking
        text = "\n".join(page.extract_text() for page in half)
        positions = [text.index(f"REG-{i:03d}") for i in range(1, 71)]
        assert positions == sorted(positions) and all(text.count(f"REG-{i:03d}") == 1 for i in range(1, 71))
    assert progress == sorted(progress) and len(set(progress)) >= 4, "progress moves with every part"
    # The document outline: one entry per language, the section headings nested under it as for one document.
    assert [item.title for item in in_parts.outline if not isinstance(item, list)] == \
        [item.title for item in whole.outline if not isinstance(item, list)] == ["Қазақ тілінде", "На русском языке"]
    assert in_parts.outline[1][0].title.startswith("Рейтинг туралы есеп")
    assert in_parts.outline[3][0].title.startswith("Отчёт о рейтинге")
    # Every font subset has its own tag (each part subsets the fonts on its own).
    fonts = {font.idnum: str(font.get_object()["/BaseFont"]) for page in in_parts.pages
             for font in page["/Resources"]["/Font"].values()}
    assert len(set(fonts.values())) == len(fonts)
    assert round(float(in_parts.pages[-1].mediabox.width)) == 842
