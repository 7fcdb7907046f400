"""Files of a frozen ranking: the PDF report (WeasyPrint), CSV and XLSX. Rendered ONLY from the snapshot.

``render_report_file(report, progress=...)`` returns ``(bytes, extension)``; ``scoring.services.report_render``
stores it with its sha256. The PDF is landscape A4 with DejaVu Sans embedded from ``static/fonts`` (every
Kazakh and Russian letter), "page X of Y" footers, the table header repeated on every page (``thead``),
inline SVG charts, and user text escaped by Django's autoescaping.
"""

import csv
import io
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit.services import chain_head_for_scope
from portal.pdf import font_css, safe_url_fetcher, static_file_url

from . import charts
from .enums import ConflictType, ReportFormat


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


def tie_break_labels(chain):
    """Readable names of the tie-break steps, in the active language."""
    rules = {"lower_amount": _("lower requested amount"), "earlier_submission": _("earlier submission"),
             "registration_number": _("lower registration number (last resort)")}
    labels = []
    for step in chain:
        if step.startswith("criterion:"):
            labels.append(_("higher mean on criterion %(n)s") % {"n": step.split(":", 1)[1]})
        else:
            labels.append(rules.get(step, step))
    return labels


def outcome_label(outcome):
    from applications.enums import ApplicationStatus

    try:
        return ApplicationStatus(outcome).label
    except ValueError:
        return outcome


def _parse_dt(value):
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def report_context(snapshot, *, chain_head=None):
    """Everything the report template needs, from the snapshot alone (plus the audit chain head)."""
    from competitions.enums import AggregationMethod, CompetitionKind, WinnerRule

    data = snapshot.data
    competition = data["competition"]
    method = data["method"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    title = competition.get(f"title_{language[:2]}") or competition["title_ru"] or competition["title_kk"] \
        or competition["title_en"]
    body = competition.get(f"body_{language[:2]}") or competition["body_ru"] or competition["body_kk"]
    rubric = data["rubric"]
    maximum = charts.max_total(rubric)
    rows = data["rows"]
    orders = [str(c["order"]) for c in rubric]
    table = [{
        **row,
        "means": [row["criterion_means"].get(order) for order in orders],
        "outcome_label": outcome_label(row["outcome"]),
    } for row in rows]
    chart_labels = {"threshold": _("pass threshold"), "x": _("final score (rubric units)"),
                    "title": _("Distribution of final scores")}
    agreement_labels = {"x": _("applications in rank order: dots are expert totals, bars the final score"),
                        "title": _("Expert agreement")}
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
                                                      labels=chart_labels, width=1000, height=230),
        "agreement_svg": charts.expert_agreement(rows, maximum=maximum, labels=agreement_labels, width=1000,
                                                 height=250),
        "footer_content": page_footer_content(),
        "footer_left": _css_string(
            f"{competition['reference']} · #{snapshot.number} · SHA-256 {snapshot.sha256[:16]}…"),
    }


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def render_pdf_bytes(snapshot, *, progress=lambda p: None, chain_head=None):
    from weasyprint import HTML

    context = report_context(snapshot, chain_head=chain_head)
    context["font_css"] = font_css()
    progress(15)
    html = render_to_string("reports/ranking.html", context)
    progress(30)
    base_url = static_file_url("fonts/DejaVuSans.ttf").rsplit("/fonts/", 1)[0] + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=safe_url_fetcher()).render()
    progress(85)
    return document.write_pdf()


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table_header(snapshot.data["rubric"]))
    for row in table_rows(snapshot.data):
        writer.writerow(["" if v is None else v for v in row])
    progress(80)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheet programs then read UTF-8


def render_xlsx_bytes(snapshot, *, progress=lambda p: None):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking")[:31])

    def text_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
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
    """The file content of ``report`` and its extension, in the requester's language."""
    name, extension = RENDERERS[report.format]
    renderer = globals()[name]
    language = getattr(report.requested_by, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        content = renderer(report.snapshot, progress=progress)
    return content, extension
