"""OCDS 1.1: a competition is a contracting process (``ocid``); each stage that became public is one release:

* ``planning``: the plan item the competition implements (when it has one), dated at the plan's approval;
* ``tender``: the published call (budget, window, regions, priority area), dated at publication;
* ``tenderCancellation``: a cancellation, dated at the cancellation;
* ``award``: the published results (one award per winner, with the recipient as supplier), dated at publication
  of the results (a re-publication after an upheld appeal is a new release);
* ``contract``: one per agreement, its contract and implementation (milestones, transactions) from a provider
  ([2.4], ``projects``; ``contracts.py``), dated at its latest public fact (in force, a payment, the end).

Releases merge into one compiled record per competition with ``ocdsmerge`` (the reference implementation of the
OCDS merge rules), the rules read from the local release schema.
"""

from functools import cache

from django.conf import settings
from ocdsmerge import Merger

from . import identifiers, standards
from .common import CURRENCY, competition_url, day_start, in_language, number, results_url, stamp

VERSION = "1.1"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLICATION_POLICY = "/open-data/#licence"
PRIORITY_AREA_SCHEME = "KZ-PRIORITY-AREA"
EMPTY_DATE = "2000-01-01T00:00:00+00:00"  # publishedDate of a package with nothing in it yet


def _value(amount):
    return {"amount": number(amount), "currency": CURRENCY}


def _party(name, bin_number, region, roles):
    party = {"id": identifiers.org_id(bin_number), "name": name,
             "identifier": {"scheme": identifiers.org_scheme(), "id": bin_number, "legalName": name},
             "address": {"countryName": "Kazakhstan"}, "roles": roles}
    if region is not None:
        party["address"]["region"] = in_language(region, "name")
    return party


def _buyer(competition):
    body = competition.body
    return _party(in_language(body, "name"), body.bin, body.region, ["buyer", "procuringEntity", "funder"])


def _reference(party):
    return {"id": party["id"], "name": party["name"]}


def _release(competition, *, suffix, date, tag, parties, **sections):
    buyer = parties[0]
    release = {
        "ocid": identifiers.ocid(competition.reference),
        "id": f"{identifiers.ocid(competition.reference)}-{suffix}",
        "date": stamp(date),
        "tag": tag,
        "initiationType": "tender",
        "language": settings.OPENDATA_LANGUAGE,
        "parties": parties,
        "buyer": _reference(buyer),
    }
    release.update(sections)
    return release


def _planning(competition, buyer):
    item = competition.plan_item
    plan = item.plan
    rationale = " ".join(part for part in (item.legal_act, item.legal_act_number,
                                           item.legal_act_date.isoformat() if item.legal_act_date else "") if part)
    planning = {
        "rationale": rationale,
        "budget": {"id": f"plan-{plan.pk}-item-{item.number}", "description": in_language(item, "topic"),
                   "amount": _value(item.amount), "project": in_language(plan, "title") or str(plan.year)},
    }
    date = plan.approved_at or competition.created_at
    return _release(competition, suffix="planning", date=date, tag=["planning"], parties=[buyer],
                    planning=planning, tender={"id": competition.reference, "status": "planned"})


def _tender(competition, buyer):
    regions = list(competition.regions.all())
    tender = {
        "id": competition.reference,
        "title": in_language(competition, "title"),
        "description": in_language(competition, "description"),
        "status": "active",
        "value": _value(competition.total_budget),
        "minValue": _value(competition.min_amount),
        "procurementMethod": "open",
        "procurementMethodDetails": str(competition.get_kind_display()),
        "mainProcurementCategory": "services",
        "procuringEntity": _reference(buyer),
        "datePublished": stamp(competition.published_at),
        "tenderPeriod": {"startDate": stamp(competition.opens_at), "endDate": stamp(competition.closes_at)},
        "items": [{"id": "1", "description": in_language(competition.priority_area, "name"),
                   "classification": {"scheme": PRIORITY_AREA_SCHEME, "id": competition.priority_area.code,
                                      "description": in_language(competition.priority_area, "name")}}],
        "deliveryAddresses": [{"region": in_language(region, "name"), "countryName": "Kazakhstan"}
                              for region in regions],
        "documents": [{"id": "notice", "documentType": "tenderNotice", "url": competition_url(competition),
                       "format": "text/html"}],
    }
    if competition.project_starts_on and competition.project_ends_on:
        tender["contractPeriod"] = {"startDate": day_start(competition.project_starts_on),
                                    "endDate": day_start(competition.project_ends_on)}
    return _release(competition, suffix="tender", date=competition.published_at, tag=["tender"], parties=[buyer],
                    tender=tender)


def _award(competition, buyer, winners):
    when = competition.results_published_at
    awards, suppliers = [], []
    for application in winners:
        organization = application.organization
        supplier = _party(organization.name, organization.bin, organization.region, ["supplier"])
        suppliers.append(supplier)
        awards.append({"id": application.registration_number, "title": application.title,
                       "status": "active", "date": stamp(when), "value": _value(application.awarded_amount),
                       "suppliers": [_reference(supplier)]})
    tender = {"id": competition.reference, "status": "complete" if awards else "unsuccessful",
              "documents": [{"id": "results", "documentType": "awardNotice", "url": results_url(competition),
                             "format": "text/html"}]}
    suffix = f"award-{timezone_compact(when)}"
    return _release(competition, suffix=suffix, date=when, tag=["award"], parties=[buyer, *suppliers],
                    tender=tender, awards=awards)


def _cancellation(competition, buyer):
    tender = {"id": competition.reference, "status": "cancelled"}  # the reason is on the competition's page
    return _release(competition, suffix="cancellation", date=competition.status_changed_at,
                    tag=["tenderCancellation"], parties=[buyer], tender=tender)


def _contract(competition, buyer, row):
    """One ``contract`` release per agreement (its id names the contract and the time of its latest fact), with
    the body as payer and the winner whose award it implements as payee."""
    contract = {key: value for key, value in row.items() if key != "date"}
    suppliers = [_party(a.organization.name, a.organization.bin, a.organization.region, ["supplier", "payee"])
                 for a in getattr(competition, "open_winners", []) if a.registration_number == row.get("awardID")]
    buyer = {**buyer, "roles": [*buyer["roles"], "payer"]}
    return _release(competition, suffix=f"contract-{row['id']}-{timezone_compact(row['date'])}", date=row["date"],
                    tag=["contract", "implementation"], parties=[buyer, *suppliers], contracts=[contract])


def timezone_compact(moment):
    return stamp(moment)[:19].replace("-", "").replace(":", "").replace("T", "")


def competition_releases(competition, *, contracts=()):
    """The releases of one competition (from ``selectors.open_competitions``), oldest first."""
    buyer = _buyer(competition)
    releases = []
    if competition.plan_item_id:
        releases.append(_planning(competition, buyer))
    releases.append(_tender(competition, buyer))
    cancelled = competition.status == "cancelled"
    if competition.results_published_at and not cancelled:
        releases.append(_award(competition, buyer, getattr(competition, "open_winners", [])))
    if not cancelled:
        releases += [_contract(competition, buyer, row) for row in contracts]
    if cancelled:
        releases.append(_cancellation(competition, buyer))
    return sorted(releases, key=lambda release: release["date"])


def _publisher():
    return {"name": settings.OPENDATA_PUBLISHER_NAME, "uri": settings.SITE_URL}


def release_package(releases, *, uri):
    """An OCDS release package; ``publishedDate`` is the latest release date, so the same data gives the same
    bytes (regeneration is idempotent)."""
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": max((r["date"] for r in releases), default=EMPTY_DATE),
        "publisher": _publisher(),
        "license": LICENSE,
        "publicationPolicy": f"{settings.SITE_URL.rstrip('/')}{PUBLICATION_POLICY}",
        "releases": releases,
    }


@cache
def _merger():
    return Merger(schema=standards.load(standards.OCDS_RELEASE))


def compiled_record(releases):
    """One record: every release of the process and the compiled release merged by the OCDS rules."""
    return {"ocid": releases[0]["ocid"], "releases": releases,
            "compiledRelease": _merger().create_compiled_release(releases)}


def record_package(records, *, uri):
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": max((r["compiledRelease"]["date"] for r in records), default=EMPTY_DATE),
        "publisher": _publisher(),
        "license": LICENSE,
        "publicationPolicy": f"{settings.SITE_URL.rstrip('/')}{PUBLICATION_POLICY}",
        "records": records,
    }
