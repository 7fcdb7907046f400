"""What an expert reads of an application: its submitted snapshot, the applicant hidden in blind review."""

from django.utils.translation import gettext_lazy as _

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
    ("activities", _("Calendar plan"), ("title", "starts_on", "ends_on", "expected_result")),
    ("indicators", _("Indicators"), ("name", "unit", "baseline", "target")),
    ("budget_lines", _("Budget"), ("category", "description", "quantity", "unit_cost", "amount", "year")),
    ("attachments", _("Attached documents"), ("document_type", "original_name", "sha256")),
]


def _source(application):
    snapshot = application.snapshot if isinstance(application.snapshot, dict) else None
    if snapshot and isinstance(snapshot.get("application"), dict):
        merged = dict(snapshot)
        merged.update(snapshot["application"])
        return merged
    return snapshot or {}


def application_sections(application, *, blind):
    """``{"identity": [(label, value)] or None, "texts": [(label, value)], "lists": [(title, headers, rows)]}``."""
    data = _source(application)
    texts = []
    for key, label in TEXT_FIELDS:
        value = data.get(key, getattr(application, key, ""))
        if value not in (None, ""):
            texts.append((label, value))
    lists = []
    for key, title, columns in LIST_SECTIONS:
        rows = data.get(key)
        if rows is None:
            related = getattr(application, key, None)
            rows = [{c: getattr(item, c, "") for c in columns} for item in related.all()] if related is not None else []
        rows = [[row.get(c, "") for c in columns] for row in rows if isinstance(row, dict)]
        if rows:
            lists.append((title, [c.replace("_", " ") for c in columns], rows))
    identity = None
    if not blind:
        organization = application.organization
        identity = [(_("Applicant"), organization.name), (_("BIN"), organization.bin),
                    (_("Region"), organization.region.name)]
    return {"identity": identity, "texts": texts, "lists": lists,
            "number": application.registration_number, "sha256": application.snapshot_sha256}
