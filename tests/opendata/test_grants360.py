import csv
import io
from datetime import date

import pytest
from django.test import override_settings

from opendata import grants360, standards
from opendata.common import months_between
from opendata.selectors import awarded_grants
from opendata.services import build_grant_records
from tests import factories as f

from .helpers import at, awarded, results_competition

pytestmark = pytest.mark.django_db


def test_an_awarded_grant_as_a_360giving_record():
    competition = results_competition(regions=[f.region("kostanay"), f.region("akmola")], title_kk="Жастар",
                                      title_ru="Молодёжь")
    application = awarded(competition, amount="1500000.50")
    [record] = build_grant_records(awarded_grants())
    body, organization = competition.body, application.organization
    assert record == {
        "id": f"360G-kzsz-{application.registration_number}",
        "title": application.title,
        "description": f"Жастар ({competition.reference}): {application.title}",
        "currency": "KZT",
        "amountAppliedFor": 2000000,
        "amountAwarded": 1500000.5,
        "awardDate": "2026-04-30T12:00:00+05:00",
        "recipientOrganization": [{"id": f"KZ-BIN-{organization.bin}", "name": organization.name,
                                   "addressCountry": "Kazakhstan", "addressRegion": "Қостанай облысы"}],
        "fundingOrganization": [{"id": f"KZ-BIN-{body.bin}", "name": body.name_kk}],
        "grantProgramme": [{"code": competition.reference, "title": "Жастар",
                            "url": f"http://testserver/competitions/{competition.reference}/"}],
        "beneficiaryLocation": [{"id": "akmola", "name": "Ақмола облысы", "countryCode": "KZ"},
                                {"id": "kostanay", "name": "Қостанай облысы", "countryCode": "KZ"}],
        "fromOpenCall": "Yes",
        "classifications": [{"vocabulary": "KZ-priority-area", "code": "youth",
                             "title": competition.priority_area.name_kk}],
        "dateModified": "2026-04-30T12:00:00+05:00",
        "dataSource": f"http://testserver/competitions/{competition.reference}/results/",
        "plannedDates": [{"startDate": "2026-06-01T00:00:00+05:00", "endDate": "2026-11-30T00:00:00+05:00",
                          "duration": 6}],
    }
    assert standards.problems(standards.GIVING_PACKAGE, grants360.grants_package([record])) == []


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def test_only_published_winners_of_competitions_not_cancelled_are_grants():
    competition = results_competition()
    winner = awarded(competition)
    awarded(competition, status="reserve")
    awarded(results_competition(status="cancelled"))
    awarded(results_competition(status="under_review", results_published_at=None))
    assert [g.pk for g in awarded_grants()] == [winner.pk]


def test_russian_where_no_kazakh_was_given_and_the_prefixes_are_settings():
    competition = results_competition(title_kk="", title_ru="Молодёжь")
    awarded(competition)
    with override_settings(OPENDATA_ORG_ID_PREFIX="KZ-BIN2", OPENDATA_GRANT_ID_PREFIX="360G-test"):
        [record] = build_grant_records(awarded_grants())
    assert record["grantProgramme"][0]["title"] == "Молодёжь"
    assert record["id"].startswith("360G-test-SZ-")
    assert record["fundingOrganization"][0]["id"] == f"KZ-BIN2-{competition.body.bin}"


def test_the_csv_has_the_360giving_column_titles_and_one_row_per_grant():
    competition = results_competition(regions=[f.region("kostanay"), f.region("akmola")])
    first, second = awarded(competition), awarded(competition, amount="2500000")
    rows = list(csv.DictReader(io.StringIO(grants360.grants_csv(build_grant_records(awarded_grants())))))
    assert [r["Identifier"] for r in rows] == [f"360G-kzsz-{a.registration_number}" for a in (first, second)]
    assert [r["Amount Awarded"] for r in rows] == ["1500000", "2500000"]
    assert rows[0]["Recipient Org:Identifier"] == f"KZ-BIN-{first.organization.bin}"
    assert rows[0]["Funding Org:Identifier"] == f"KZ-BIN-{competition.body.bin}"
    assert (rows[0]["Beneficiary Location:0:Name"], rows[0]["Beneficiary Location:1:Name"]) == (
        "Ақмола облысы", "Қостанай облысы")
    assert rows[0]["From An Open Call?"] == "Yes"
    assert rows[0]["Planned Dates:Start Date"] == "2026-06-01T00:00:00+05:00"
    assert rows[0]["Amount Disbursed"] == ""


def test_months_of_a_project():
    assert months_between(date(2026, 3, 1), date(2026, 11, 30)) == 9
    assert months_between(date(2026, 1, 15), date(2026, 7, 14)) == 6
    assert months_between(None, date(2026, 7, 14)) is None
    assert at(date(2026, 1, 1)).utcoffset().total_seconds() == 5 * 3600
