"""Files of a frozen ranking: the PDF report (WeasyPrint), CSV and XLSX. Rendered ONLY from the snapshot.

``render_report_file(report, progress=...)`` returns ``(bytes, extension)``; ``scoring.reports.services.report_render``
stores it with its sha256. The PDF is landscape A4 with DejaVu Sans embedded from ``static/fonts`` (every
Kazakh and Russian letter), "page X of Y" footers, the table header repeated on every page (``thead``),
inline SVG charts, and user text escaped by Django's autoescaping. It is laid out in parts of at most
``ROWS_PER_PART`` ranking rows (see ``render_pdf_bytes``) so that its memory does not grow with the ranking.
The PDF carries the full Kazakh text then the full Russian text (a report a body issues carries both); CSV and
XLSX are in the language asked for.
"""

import csv
import gc
import hashlib
import io
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit, NameObject, TextStringObject

from competitions.enums import AggregationMethod, CompetitionKind, WinnerRule
from portal import charts
from portal.audit.services import chain_head_for_scope
from portal.formatting import csv_delimiter, csv_number
from portal.pdf import HALF_LABELS, PDF_LANGUAGES, font_css, safe_url_fetcher, static_file_url
from portal.signatures.seal import seal_pdf

from ..enums import ConflictType, ReportFormat
from ..ranking.display import max_total, outcome_label, tie_break_labels


def _css_string(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_footer_content():
    """CSS ``content`` for "Page X of Y" in the active language."""
    text = _("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = []
    for chunk in text.split("\x00"):
        if chunk in ("page", "pages"):
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return " ".join(parts)


def _parse_dt(value):
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def report_context(snapshot, *, chain_head=None):
    """Everything the report template needs, from the snapshot alone (plus the audit chain head)."""
    data = snapshot.data
    competition = data["competition"]
    method = data["method"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    title = competition.get(f"title_{language[:2]}") or competition["title_ru"] or competition["title_kk"] \
        or competition["title_en"]
    body = competition.get(f"body_{language[:2]}") or competition["body_ru"] or competition["body_kk"]
    rubric = data["rubric"]
    maximum = max_total(rubric)
    rows = data["rows"]
    orders = [str(c["order"]) for c in rubric]
    table = [{
        **row,
        "index": index,
        "means": [row["criterion_means"].get(order) for order in orders],
        "outcome_label": outcome_label(row["outcome"]),
    } for index, row in enumerate(rows)]
    chart_labels = {"threshold": _("pass threshold"), "x": _("final score (rubric units)"),
                    "y": _("applications"), "title": _("Distribution of final scores")}
    agreement_labels = {"x": _("applications by rank (1 = highest score)"), "title": _("Expert agreement"),
                        "dots": _("expert total"), "rings": _("expert total, divergent case"),
                        "dash": _("final score")}
    tie_breaks = tie_break_labels(method["tie_breaks"])
    return {
        "snapshot": snapshot,
        "data": data,
        "competition": competition,
        "title": title,
        "body": body,
        "kind": _label(CompetitionKind, competition["kind"]),
        "aggregation": _label(AggregationMethod, method["aggregation"]),
        "winner_rule": _label(WinnerRule, method["winner_rule"]),
        "opens_at": _parse_dt(competition["opens_at"]),
        "closes_at": _parse_dt(competition["closes_at"]),
        "method": method,
        "tie_breaks": tie_breaks,
        "rubric": rubric,
        "max_total": maximum,
        "rows": table,
        "summary": data["summary"],
        "divergence": data["divergence"],
        "divergence_note": data.get("divergence_note", ""),
        "conflicts": data["conflicts"],
        "conflict_types": [(_label(ConflictType, t), n) for t, n in sorted(data["conflicts"]["by_type"].items())],
        "chain_head": chain_head if chain_head is not None else
        chain_head_for_scope(f"competition:{competition['id']}"),
        "generated_at": timezone.localtime(),
        "distribution_svg": charts.score_distribution([r["final_score"] for r in rows], maximum=maximum,
                                                      threshold=Decimal(method["pass_threshold"]) or None,
                                                      labels=chart_labels, width=1000, height=250,
                                                      language=language),
        "agreement_svg": charts.expert_agreement(rows, maximum=maximum, labels=agreement_labels, width=1000,
                                                 height=270, language=language),
        "footer_content": page_footer_content(),
        "footer_left": _css_string(
            f"{competition['reference']} · #{snapshot.number} · SHA-256 {snapshot.sha256[:16]}…"),
    }


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


ROWS_PER_PART = 250  # ranking rows laid out per WeasyPrint document: bounds the memory of one layout
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels; PDF user space is in points


def _weasy_html(html):
    from weasyprint import HTML  # WeasyPrint loads Pango when imported: only a process that renders pays for it

    base_url = static_file_url("fonts/DejaVuSans.ttf").rsplit("/fonts/", 1)[0] + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=safe_url_fetcher())


def _row_indexes(page):
    """Indexes (``data-row``) of the ranking rows laid out on a WeasyPrint page (none if unknown)."""
    page_box = getattr(page, "_page_box", None)  # WeasyPrint keeps a page's box tree there
    if page_box is None:
        return []
    return [int(box.element.get("data-row")) for box in page_box.descendants()
            if getattr(box, "element_tag", None) == "tr" and box.element is not None
            and box.element.get("data-row") is not None]


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while one part is laid out, then collect.

    A layout makes hundreds of thousands of long-lived objects and hardly any cyclic garbage, so the
    collector's repeated passes over them are wasted (about 40 % of the layout time); a part is
    bounded, so its memory is too, and the collection afterwards frees it before the next part."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def _render_part(html, *, first_row, stop, last):
    """One part: its PDF bytes, its bookmarks and the index of the row the next part starts with."""
    with _collector_paused():
        document = _weasy_html(html).render()
        pages, resume = document.pages, stop
        if not last and len(pages) > 1:
            on_last_page = min(_row_indexes(pages[-1]), default=stop)
            if first_row < on_last_page < stop:  # those rows start the next part, on a fresh page
                pages, resume = pages[:-1], on_last_page
        bookmarks = [[(level, label, x, y, page.height) for level, label, (x, y), _state in page.bookmarks]
                     for page in pages]
        content = document.copy(pages).write_pdf()
        del document, pages
    return content, bookmarks, resume


def _add_outline(writer, bookmarks, *, first=0, parent=None):
    """The outline of one half (h1/h2 of every part, its pages from ``first`` on) nested by level under
    ``parent``, as WeasyPrint makes it for one document."""
    parents = []  # (level, outline item)
    for page_number, marks in enumerate(bookmarks, start=first):
        for level, label, x, y, height in marks:
            while parents and parents[-1][0] >= level:
                parents.pop()
            item = writer.add_outline_item(
                title=label, page_number=page_number, parent=parents[-1][1] if parents else parent,
                fit=Fit.xyz(left=x * PX_TO_PT, top=(height - y) * PX_TO_PT))
            parents.append((level, item))


def _distinct_subset_tags(writer):
    """Give every embedded font subset its own tag (``ABCDEF+Name``), as the PDF specification requires.

    WeasyPrint derives the tag from the font, not from the glyphs kept, so each part's subset of the
    same font comes with the same tag."""
    seen, renamed = set(), set()
    for page in writer.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if id(font) in renamed:
                continue
            renamed.add(id(font))
            base = str(font.get("/BaseFont", ""))
            tag, plus, name = base.lstrip("/").partition("+")
            if not plus or len(tag) != 6:
                continue
            new_tag, salt = tag, 0
            while new_tag in seen:
                salt += 1
                digest = hashlib.sha256(f"{tag}{salt}".encode()).digest()
                new_tag = "".join(chr(65 + b % 26) for b in digest[:6])
            seen.add(new_tag)
            if new_tag == tag:
                continue
            new_name = NameObject(f"/{new_tag}+{name}")
            font[NameObject("/BaseFont")] = new_name
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                descendant[NameObject("/BaseFont")] = new_name
                if "/FontDescriptor" in descendant:
                    descendant["/FontDescriptor"].get_object()[NameObject("/FontName")] = new_name
            if "/FontDescriptor" in font:
                font["/FontDescriptor"].get_object()[NameObject("/FontName")] = new_name


def _render_half(writer, context, *, progress):
    """One language's full text of the report appended to ``writer`` in parts; its bookmarks, page by page."""
    rows = context["rows"]
    bookmarks = []
    start = 0
    while True:
        stop = min(start + context["rows_per_part"], len(rows))
        last = stop == len(rows)
        html = render_to_string("reports/ranking.html",
                                {**context, "rows": rows[start:stop], "front": start == 0, "back": last})
        content, part_bookmarks, resume = _render_part(html, first_row=start, stop=stop, last=last)
        part = PdfReader(io.BytesIO(content))
        if not writer.pages:
            writer.add_metadata(part.metadata)
            if "/Lang" in part.root_object:
                writer.root_object[NameObject("/Lang")] = TextStringObject(part.root_object["/Lang"])
        writer.append(part, import_outline=False)
        bookmarks.extend(part_bookmarks)
        del html, content, part
        progress(resume / max(len(rows), 1))
        if last:
            return bookmarks
        start = resume


def _lay_footers(writer, context, *, first):
    """"Page X of Y" of one half (Y its own page count) and its running header, laid over its pages."""
    pages = writer.pages[first:]
    footers = render_to_string("reports/ranking_footers.html", {**context, "pages": range(len(pages))})
    with _collector_paused():
        overlay = PdfReader(io.BytesIO(_weasy_html(footers).write_pdf()))
    if len(overlay.pages) != len(pages):
        raise RuntimeError(f"{len(overlay.pages)} footer pages for {len(pages)} report pages")
    for page, footer in zip(pages, overlay.pages, strict=True):
        page.merge_page(footer)
        page.compress_content_streams()  # merging leaves the page's content uncompressed


def render_pdf_bytes(snapshot, *, progress=lambda p: None, chain_head=None, rows_per_part=ROWS_PER_PART):
    """The ranking report as ONE PDF: the full Kazakh text, then the full Russian text from a fresh page, each
    with a running header naming its language and its own "page X of Y"; laid out in parts so that memory stays
    bounded for any size. (A landscape table of 15 columns cannot share its width with a second language.)

    WeasyPrint keeps the layout of a whole document in memory (about 0.4 MiB per ranking row), so each half is
    rendered as several documents: the first holds the cover and the start of the ranking table, the next ones
    up to ``rows_per_part`` rows each, the last the end of the table and the back matter. A part other than the
    last gives up its last page: the rows on it start the next part at the top of a fresh page (below the
    repeated header), so the pages are those of one document, with no half-empty page at a part boundary. The
    parts are joined with pypdf; the footers ("page X of Y" needs Y) are rendered once a half is complete, as
    one document of footers alone, and laid over its pages. Memory is that of one part, whatever the size.
    """
    if chain_head is None:
        chain_head = chain_head_for_scope(f"competition:{snapshot.data['competition']['id']}")
    progress(10)
    writer = PdfWriter()
    outline, titles = [], []
    for index, language in enumerate(PDF_LANGUAGES):
        with translation.override(language):
            context = {**report_context(snapshot, chain_head=chain_head), "font_css": font_css(),
                       "rows_per_part": rows_per_part, "half_label": _css_string(HALF_LABELS[language])}
            titles.append(f"{_('Ranking report')} {context['competition']['reference']}")
            first = len(writer.pages)
            bookmarks = _render_half(writer, context, progress=lambda share, index=index: progress(
                10 + int(75 * (index + share) / len(PDF_LANGUAGES))))
            _lay_footers(writer, context, first=first)
        outline.append((HALF_LABELS[language], first, bookmarks))
    writer.add_metadata({"/Title": " / ".join(titles)})
    for label, first, bookmarks in outline:
        half = writer.add_outline_item(title=label, page_number=first)
        _add_outline(writer, bookmarks, first=first, parent=half)
    _distinct_subset_tags(writer)
    progress(95)
    buffer = io.BytesIO()
    writer.write(buffer)
    return seal_pdf(buffer.getvalue())  # the portal's PAdES seal (portal/signatures/seal.py)


def _safe_text(value):
    """Neutralise spreadsheet formulas in user text (CSV/XLSX injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_header(rubric):
    return ([_("Rank"), _("Registration number"), _("NGO"), _("Project title"), _("Requested amount, KZT"),
             _("Final score"), _("z-score (normalised, not ranked on)")]
            + [_("Criterion %(n)s mean") % {"n": c["order"]} for c in rubric]
            + [_("Experts"), _("Expert totals"), _("Outcome"), _("Awarded amount, KZT")])


def table_rows(data):
    orders = [str(c["order"]) for c in data["rubric"]]
    for row in data["rows"]:
        yield ([row["rank"], row["registration_number"], _safe_text(row["organization"]), _safe_text(row["title"]),
                Decimal(row["requested_amount"]), Decimal(row["final_score"]),
                Decimal(row["z_score"]) if row["z_score"] is not None else None]
               + [Decimal(row["criterion_means"][o]) if row["criterion_means"].get(o) is not None else None
                  for o in orders]
               + [row["n_experts"], " / ".join(row["expert_totals"]), str(outcome_label(row["outcome"])),
                  Decimal(row["awarded_amount"]) if row["awarded_amount"] is not None else None])


def render_csv_bytes(snapshot, *, progress=lambda p: None):
    """CSV in the active language: ``;`` between fields and a decimal comma in kk and ru, ``,`` and a dot in en."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_delimiter(language))
    writer.writerow(table_header(snapshot.data["rubric"]))
    for row in table_rows(snapshot.data):
        writer.writerow(["" if v is None else csv_number(v, language=language) if isinstance(v, Decimal) else v
                         for v in row])
    progress(80)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheet programs then read UTF-8


def render_xlsx_bytes(snapshot, *, progress=lambda p: None):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking")[:31])

    def text_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        elif isinstance(value, Decimal):  # numbers stay numbers; the spreadsheet shows them in its own locale
            cell.number_format = "#,##0.00" if value.as_tuple().exponent == -2 else "#,##0.###"
        return cell

    sheet.append([text_cell(h) for h in table_header(snapshot.data["rubric"])])
    for row in table_rows(snapshot.data):
        sheet.append([text_cell(v) for v in row])
    progress(60)
    info = workbook.create_sheet(_("Snapshot")[:31])
    competition = snapshot.data["competition"]
    for key, value in [(_("Competition"), competition["reference"]), (_("Snapshot"), snapshot.number),
                       ("SHA-256", snapshot.sha256), (_("Aggregation"), snapshot.data["method"]["aggregation"]),
                       (_("Winner rule"), snapshot.data["method"]["winner_rule"]),
                       (_("Pass threshold"), snapshot.data["method"]["pass_threshold"]),
                       (_("Rounding"), snapshot.data["method"]["rounding"])]:
        info.append([text_cell(str(key)), text_cell(str(value))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {  # looked up by name at call time
    ReportFormat.PDF: ("render_pdf_bytes", "pdf"),
    ReportFormat.CSV: ("render_csv_bytes", "csv"),
    ReportFormat.XLSX: ("render_xlsx_bytes", "xlsx"),
}


def render_report_file(report, *, progress=lambda p: None):
    """The file content of ``report`` and its extension: a PDF in Kazakh and Russian, a CSV or XLSX in the
    language the report was requested in."""
    name, extension = RENDERERS[report.format]
    renderer = globals()[name]
    with translation.override(report.language if report.language in dict(settings.LANGUAGES) else None):
        content = renderer(report.snapshot, progress=progress)
    return content, extension


CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
