"""CSV and XLSX of the officials' applications table (the filtered rows, every page)."""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.formatting import csv_delimiter, csv_number

MONEY_FORMAT = "#,##0.00"


def columns():
    return [
        ("registration_number", _("Registration number")),
        ("organization", _("Organisation")),
        ("bin", _("BIN")),
        ("region", _("Region")),
        ("title", _("Project title")),
        ("requested_amount", _("Requested amount, KZT")),
        ("co_financing", _("Co-financing, KZT")),
        ("submitted_at", _("Submitted (Astana time)")),
        ("status", _("Status")),
        ("documents_complete", _("All mandatory documents")),
        ("snapshot_sha256", _("Snapshot SHA-256")),
    ]


MONEY_COLUMNS = frozenset({"requested_amount", "co_financing"})


def row_values(application):
    submitted = timezone.localtime(application.submitted_at).replace(tzinfo=None) if application.submitted_at else None
    return {
        "registration_number": application.registration_number or "",
        "organization": application.organization.name,
        "bin": application.organization.bin,
        "region": str(application.organization.region),
        "title": application.title,
        "requested_amount": Decimal(application.requested_amount).quantize(Decimal("0.01")),
        "co_financing": Decimal(application.co_financing).quantize(Decimal("0.01")),
        "submitted_at": submitted,
        "status": str(application.get_status_display()),
        "documents_complete": _("yes") if not getattr(application, "n_missing_documents", 0) else _("no"),
        "snapshot_sha256": application.snapshot_sha256,
    }


def _safe_text(value):
    """Spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def applications_csv(applications):
    """CSV in the active language: ``;`` and a decimal comma in kk and ru, ``,`` and a dot in en."""
    language = get_language() or "ru"
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(buffer, delimiter=csv_delimiter(language))
    cols = columns()
    writer.writerow([label for _key, label in cols])
    for application in applications:
        values = row_values(application)
        row = []
        for key, _label in cols:
            value = values[key]
            if key in MONEY_COLUMNS:
                value = csv_number(value, places=2, language=language)
            elif key == "submitted_at":
                value = value.strftime("%Y-%m-%d %H:%M:%S") if value else ""
            row.append(_safe_text(value))
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def applications_xlsx(applications, *, title="Applications"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    cols = columns()
    sheet.append([label for _key, label in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for application in applications:
        values = row_values(application)
        sheet.append([_safe_text(values[key]) if key not in MONEY_COLUMNS else values[key] for key, _label in cols])
        row = sheet.max_row
        for index, (key, _label) in enumerate(cols, start=1):
            cell = sheet.cell(row=row, column=index)
            if key in MONEY_COLUMNS:
                cell.number_format = MONEY_FORMAT
            elif key == "submitted_at" and cell.value:
                cell.number_format = "dd.mm.yyyy hh:mm:ss"
    widths = {"organization": 40, "title": 50, "snapshot_sha256": 66, "submitted_at": 20}
    for index, (key, _label) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(key, 18)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
