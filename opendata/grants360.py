"""360Giving 1.4.3: one grant record per awarded application, the JSON package and the flat CSV.

Every field comes from a published fact: the results publication (outcome, awarded amount, date), the public
competition (programme, funder, regions, planned project dates) and the recipient's registered identity.
"""

import csv
import io

from django.conf import settings

from . import identifiers
from .common import (
    COUNTRY,
    CURRENCY,
    competition_url,
    day_start,
    in_language,
    months_between,
    number,
    results_url,
    stamp,
)

VERSION = "1.4"
PRIORITY_AREA_VOCABULARY = "KZ-priority-area"


def _funder(body):
    return {"id": identifiers.org_id(body.bin), "name": in_language(body, "name")}


def _recipient(organization):
    recipient = {"id": identifiers.org_id(organization.bin), "name": organization.name,
                 "addressCountry": "Kazakhstan"}
    if organization.region_id:
        recipient["addressRegion"] = in_language(organization.region, "name")
    return recipient


def grant_record(application, *, disbursed=None):
    """The 360Giving record of one awarded application (from ``selectors.awarded_grants``).

    ``disbursed``: what a provider (``projects``) reports paid, ``{"amount", "transactions"}``, or None."""
    competition = application.competition
    programme_title = in_language(competition, "title")
    record = {
        "id": identifiers.grant_id(application.registration_number),
        "title": application.title or application.registration_number,
        "description": f"{programme_title} ({competition.reference}): {application.title}".strip(": "),
        "currency": CURRENCY,
        "amountAppliedFor": number(application.requested_amount),
        "amountAwarded": number(application.awarded_amount),
        "awardDate": stamp(competition.results_published_at),
        "recipientOrganization": [_recipient(application.organization)],
        "fundingOrganization": [_funder(competition.body)],
        "grantProgramme": [{"code": competition.reference, "title": programme_title,
                            "url": competition_url(competition)}],
        "beneficiaryLocation": [{"id": region.code, "name": in_language(region, "name"), "countryCode": COUNTRY}
                                for region in competition.regions.all()],
        "fromOpenCall": "Yes",  # every competition of the portal is an open, published call
        "classifications": [{"vocabulary": PRIORITY_AREA_VOCABULARY, "code": competition.priority_area.code,
                             "title": in_language(competition.priority_area, "name")}],
        "dateModified": stamp(competition.results_published_at),
        "dataSource": results_url(competition),
    }
    if competition.project_starts_on and competition.project_ends_on:
        record["plannedDates"] = [{
            "startDate": day_start(competition.project_starts_on),
            "endDate": day_start(competition.project_ends_on),
            "duration": months_between(competition.project_starts_on, competition.project_ends_on)}]
    if disbursed is not None:  # a project exists: what was paid, 0 until the first tranche
        record["amountDisbursed"] = number(disbursed["amount"])
        transactions = [{"id": row["id"], "transactionDate": stamp(row["date"]), "currency": CURRENCY,
                         "value": number(row["amount"])} for row in disbursed.get("transactions", [])]
        if transactions:
            record["disbursementTransaction"] = transactions
    return record


def grants_package(records):
    """The 360Giving package (``grants`` needs at least one record: no package is made without grants)."""
    return {
        "version": VERSION,
        "title": f"{settings.OPENDATA_PUBLISHER_NAME}: 360Giving",
        "description": "Grants awarded in state social-order and grant competitions, Kazakhstan",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "grants": records,
    }


# The flat form: the column titles of the 360Giving spreadsheet templates ("Recipient Org:Identifier"...); the
# rolled-up arrays (recipient, funder, programme, planned dates) take their first item, beneficiary locations and
# classifications one numbered column group per item ("Beneficiary Location:0:Name").
COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Disbursed", ("amountDisbursed",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Planned Dates:Duration (months)", ("plannedDates", 0, "duration")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:County", ("recipientOrganization", 0, "addressRegion")),
    ("Recipient Org:Country", ("recipientOrganization", 0, "addressCountry")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Grant Programme:Web Address", ("grantProgramme", 0, "url")),
    ("From An Open Call?", ("fromOpenCall",)),
    ("Last Modified", ("dateModified",)),
    ("Data Source", ("dataSource",)),
]
REPEATED = [
    ("Beneficiary Location", "beneficiaryLocation", [("Identifier", "id"), ("Name", "name"),
                                                    ("Country Code", "countryCode")]),
    ("Classifications", "classifications", [("Vocabulary", "vocabulary"), ("Code", "code"), ("Title", "title")]),
]


def _pick(record, path):
    value = record
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return ""
    return "" if value is None else value


def grants_csv(records):
    """The records as CSV text (UTF-8 when encoded, one header row, one row per grant)."""
    widths = {key: max([len(r.get(key, [])) for r in records] or [0]) for _title, key, _cols in REPEATED}
    header = [title for title, _path in COLUMNS]
    for title, key, columns in REPEATED:
        header += [f"{title}:{index}:{column}" for index in range(widths[key]) for column, _field in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for record in records:
        row = [_pick(record, path) for _title, path in COLUMNS]
        for _title, key, columns in REPEATED:
            row += [_pick(record, (key, index, field)) for index in range(widths[key]) for _column, field in columns]
        writer.writerow(row)
    return out.getvalue()
