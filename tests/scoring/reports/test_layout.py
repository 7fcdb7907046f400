"""The ranking report PDF as people read it: headers and labels apart from each other and from their values,
page 1 used, honest captions, with 3 and 1,000 rows, in Kazakh and Russian (text by pypdf, pages by pdftoppm)."""

import re
import shutil
import subprocess

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from portal.formatting import format_threshold
from scoring.ranking.display import max_total
from scoring.reports.render import render_pdf_bytes
from tests.scoring.reports.world import inflate, pdf_text

pytestmark = pytest.mark.django_db


def headers(criteria):
    return ([_("Rank"), _("Reg. No."), _("NGO"), _("Project title"), _("Score"), _("Outcome"), _("Requested, ₸"),
             _("Awarded, ₸")] + [_("C%(n)s") % {"n": n} for n in range(1, criteria + 1)] + [_("Exp.")])


def flat(text):
    return " ".join(text.split())


def page_images(content, folder, *, first=1, last=1):
    """Pages ``first`` to ``last`` as images at 30 dpi (None without poppler's pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        return None
    pdf = folder / "report.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", "-f", str(first), "-l", str(last), str(pdf),
                    str(folder / "page")], check=True)
    return [Image.open(path) for path in sorted(folder.glob("page-*.png"))]


def used_height(image):
    """The share of the page's height down to its last inked row above the footer."""
    pixels = image.convert("L").load()
    width, height = image.size
    footer = int(height * 0.93)
    rows = [y for y in range(footer) if any(pixels[x, y] < 200 for x in range(0, width, 2))]
    return (max(rows) if rows else 0) / height


def check_report(snapshot, language, folder):
    """The checks of one language's half of the report (the PDF carries the Kazakh half, then the Russian one)."""
    content = render_pdf_bytes(snapshot)
    reader, _text = pdf_text(content)
    texts = [page.extract_text() for page in reader.pages]
    ru_first = next(i for i, text in enumerate(texts) if "На русском языке" in text)
    half = texts[:ru_first] if language == "kk" else texts[ru_first:]
    with translation.override(language):
        words = flat("\n".join(half))
        labels = headers(len(snapshot.data["rubric"]))
        for label in labels:
            assert label in words, f"header {label!r} is on the page"
        for left, right in zip(labels, labels[1:], strict=False):
            assert f"{left}{right}" not in words, f"headers {left!r} and {right!r} run together"
        threshold = format_threshold(snapshot.data["method"]["pass_threshold"], max_total(snapshot.data["rubric"]),
                                     language=language)
        value = r"\s*/\s*".join(re.escape(part.strip()) for part in threshold.split("/"))
        assert re.search(re.escape(_("Pass threshold")) + r"\s+" + value, words), "the pass mark with its maximum"
        assert re.search(re.escape(_("Total budget")) + r"\s+3\s000\s000,00\s₸", words)
        assert _("No expert declared a conflict of interest.") in words
        assert "columns" not in words and "столбц" not in words and "бағандар" not in words
        assert _("applications by rank (1 = highest score)") in words
        # Scores in the language: a decimal comma, no trailing zeros.
        assert not re.search(r"\b\d+\.\d+\b", re.sub(r"SZ-[\d-]+|\d{2}\.\d{2}\.\d{4}", "", words))
    first = 1 if language == "kk" else ru_first + 1
    images = page_images(content, folder, first=first, last=first + 1)
    if images is not None:
        assert used_height(images[0]) > 0.8, "the half's page 1 is filled, not 70 % blank"
    return reader, (0 if language == "kk" else ru_first)


def test_report_of_three_applications_in_kazakh(snapshot, tmp_path):
    reader, _first = check_report(snapshot, "kk", tmp_path)
    assert len(reader.pages) <= 6  # at most 3 in each language


def test_report_of_a_thousand_applications_in_russian(snapshot, tmp_path):
    reader, ru_first = check_report(inflate(snapshot, 1000), "ru", tmp_path)
    pages = reader.pages[ru_first:ru_first + 2]
    first, second = (re.findall(r"SZ-2026-9999-(\d{4})", page.extract_text()) for page in pages)
    assert int(second[0]) == int(first[-1]) + 1, "page 2 carries on with the ranking where page 1 stopped"
    last = "\n".join(page.extract_text() for page in reader.pages[-6:])
    assert "SZ-2026-9999-1000" in last
