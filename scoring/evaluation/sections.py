"""What an expert reads of an application: its submitted snapshot, the applicant hidden in blind review."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications.enums import BudgetCategory
from competitions.enums import IDENTIFYING_DOCUMENT_TYPES, DocumentType
from portal.formatting import format_money, format_quantity, to_decimal

TEXT_FIELDS = [
    ("title", _("Project title")),
    ("summary", _("Summary")),
    ("problem", _("Problem and relevance")),
    ("goals", _("Goal and objectives")),
    ("target_group", _("Target group")),
    ("beneficiaries_count", _("Number of beneficiaries")),
    ("team", _("Project team")),
    ("sustainability", _("Sustainability after the project")),
    ("requested_amount", _("Requested amount, KZT")),
    ("co_financing", _("Co-financing, KZT")),
]
# Keys of the snapshot that identify the applicant; never shown in blind review.
IDENTITY_KEYS = frozenset({"organization", "organisation", "organization_name", "organization_bin", "bin",
                           "applicant", "contact_email", "contact_phone", "website", "address", "created_by"})
LIST_SECTIONS = [
    ("activities", _("Calendar plan"), [("title", _("Activity")), ("starts_on", _("Start")), ("ends_on", _("End")),
                                        ("expected_result", _("Expected result"))]),
    ("indicators", _("Indicators"), [("name", _("Indicator")), ("unit", _("Unit")), ("baseline", _("Baseline")),
                                     ("target", _("Target"))]),
    ("budget_lines", _("Budget"), [("category", _("Category")), ("description", _("Description")),
                                   ("quantity", _("Quantity")), ("unit_cost", _("Unit cost, KZT")),
                                   ("amount", _("Amount, KZT")), ("year", _("Year"))]),
]
CHOICE_LABELS = {"category": dict(BudgetCategory.choices), "document_type": dict(DocumentType.choices)}
MONEY_COLUMNS = frozenset({"unit_cost", "amount", "requested_amount", "co_financing"})
DATE_COLUMNS = frozenset({"starts_on", "ends_on"})
QUANTITY_COLUMNS = frozenset({"quantity", "beneficiaries_count", "baseline", "target"})
LIVE_ATTRIBUTE = {"name": "original_name"}  # snapshot key -> model attribute, for applications without a snapshot


def _display(column, value):
    """A snapshot value as a reader expects it: labels for codes, dd.mm.yyyy dates, grouped money."""
    if value in (None, ""):
        return ""
    if column in CHOICE_LABELS:
        return CHOICE_LABELS[column].get(value, value)
    if column in MONEY_COLUMNS:
        return format_money(value, language=get_language() or "ru")
    if column in QUANTITY_COLUMNS and to_decimal(value) is not None:
        return format_quantity(value, language=get_language() or "ru")
    if column in DATE_COLUMNS:
        try:
            return date_format(value if isinstance(value, date) else date.fromisoformat(str(value)), "d.m.Y")
        except ValueError:
            return value
    return value


def _source(application):
    snapshot = application.snapshot if isinstance(application.snapshot, dict) else None
    if not snapshot:
        return {}
    merged = dict(snapshot)
    for nested in ("application", "fields"):  # the submission snapshot keeps its texts under "fields"
        if isinstance(snapshot.get(nested), dict):
            merged.update(snapshot[nested])
    return merged


@dataclass(frozen=True)
class ExpertDocument:
    """An attached document as an expert gets it: under a neutral name in blind review."""

    attachment: object
    name: str
    document_type_label: str


def neutral_name(application, document_type, number, original_name):
    """``SZ-2026-0007-012-budget_justification-1.pdf``: the registration number, the type and a counter; never the
    name the applicant gave the file (it often carries the organisation's name)."""
    suffix = PurePosixPath(str(original_name or "")).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
    return f"{application.registration_number or application.pk}-{document_type}-{number}{suffix}"


def expert_documents(application, *, blind):
    """The documents the expert may download, in order: those of the submission (by SHA-256 in the snapshot);
    in blind review without the identifying types (``IDENTIFYING_DOCUMENT_TYPES``) and under neutral names."""
    rows = _source(application).get("attachments")
    submitted = {row.get("sha256") for row in rows if isinstance(row, dict)} if isinstance(rows, list) else None
    labels, counts, documents = dict(DocumentType.choices), Counter(), []
    for attachment in application.attachments.all():
        if submitted is not None and attachment.sha256 not in submitted:
            continue
        if blind and attachment.document_type in IDENTIFYING_DOCUMENT_TYPES:
            continue
        counts[attachment.document_type] += 1
        name = (neutral_name(application, attachment.document_type, counts[attachment.document_type],
                             attachment.original_name) if blind else attachment.original_name)
        documents.append(ExpertDocument(attachment=attachment, name=name,
                                        document_type_label=labels.get(attachment.document_type,
                                                                       attachment.document_type)))
    return documents


def application_sections(application, *, blind):
    """``{"identity": [(label, value)] or None, "texts": [(label, value)], "lists": [(title, headers, rows)],
    "documents": [ExpertDocument]}``."""
    data = _source(application)
    texts = []
    for key, label in TEXT_FIELDS:
        value = data.get(key, getattr(application, key, ""))
        if value not in (None, ""):
            texts.append((label, _display(key, value)))
    lists = []
    for key, title, columns in LIST_SECTIONS:
        rows = data.get(key)
        if rows is None:
            related = getattr(application, key, None)
            items = related.all() if related is not None else []
            rows = [{c: getattr(item, LIVE_ATTRIBUTE.get(c, c), "") for c, _label in columns} for item in items]
        rows = [[_display(c, row.get(c, "")) for c, _label in columns] for row in rows if isinstance(row, dict)]
        if rows:
            lists.append((title, [label for _column, label in columns], rows))
    identity = None
    if not blind:
        organization = application.organization
        identity = [(_("Applicant"), organization.name), (_("BIN"), organization.bin),
                    (_("Region"), organization.region.name)]
    return {"identity": identity, "texts": texts, "lists": lists,
            "documents": expert_documents(application, blind=blind),
            "number": application.registration_number, "sha256": application.snapshot_sha256}
