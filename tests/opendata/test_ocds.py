from datetime import date
from decimal import Decimal

import pytest

from opendata import ocds, providers, standards
from opendata.selectors import awarded_grants, open_competitions
from opendata.services import build_compiled_records, build_grant_records
from tests import factories as f

from .helpers import at, awarded, results_competition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def _records():
    return build_compiled_records(open_competitions())


def _package(records):
    return ocds.release_package([r for record in records for r in record["releases"]], uri="http://testserver/x")


def test_a_planned_published_and_awarded_competition_is_three_releases_merged_into_one_record():
    plan = f.PlanFactory(status="approved", current_version=1, approved_at=at(date(2025, 12, 20)), title_kk="Жоспар")
    item = f.PlanItemFactory(plan=plan, number=3, amount=Decimal("12000000.00"), topic_kk="Жастар тақырыбы")
    competition = results_competition(plan_item=item, body=plan.body, title_kk="Жастар")
    winner = awarded(competition, amount="1500000")
    [record] = _records()
    ocid = f"ocds-kzsz01-{competition.reference}"
    assert record["ocid"] == ocid
    assert [(r["id"], r["tag"], r["date"]) for r in record["releases"]] == [
        (f"{ocid}-planning", ["planning"], "2025-12-20T12:00:00+05:00"),
        (f"{ocid}-tender", ["tender"], "2026-01-25T12:00:00+05:00"),
        (f"{ocid}-award-20260430120000", ["award"], "2026-04-30T12:00:00+05:00"),
    ]
    planning = record["releases"][0]["planning"]
    assert planning["budget"] == {"id": f"plan-{plan.pk}-item-3", "description": "Жастар тақырыбы",
                                  "amount": {"amount": 12000000, "currency": "KZT"}, "project": "Жоспар"}
    assert planning["rationale"] == "Law on state social order 36-III"
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["date"] == "2026-04-30T12:00:00+05:00"
    assert compiled["tender"]["status"] == "complete"  # the award release moved it on from "active"
    assert compiled["tender"]["title"] == "Жастар"
    assert compiled["tender"]["procurementMethodDetails"] == "Мемлекеттік грант"  # the kind, in Kazakh
    assert compiled["tender"]["tenderPeriod"] == {"startDate": "2026-02-01T12:00:00+05:00",
                                                  "endDate": "2026-03-01T12:00:00+05:00"}
    assert [d["id"] for d in compiled["tender"]["documents"]] == ["notice", "results"]  # merged by id
    assert compiled["planning"]["budget"]["amount"] == {"amount": 12000000, "currency": "KZT"}
    assert compiled["awards"] == [{
        "id": winner.registration_number, "title": winner.title, "status": "active",
        "date": "2026-04-30T12:00:00+05:00", "value": {"amount": 1500000, "currency": "KZT"},
        "suppliers": [{"id": f"KZ-BIN-{winner.organization.bin}", "name": winner.organization.name}]}]
    assert [(p["id"], p["roles"]) for p in compiled["parties"]] == [
        (f"KZ-BIN-{competition.body.bin}", ["buyer", "procuringEntity", "funder"]),
        (f"KZ-BIN-{winner.organization.bin}", ["supplier"])]
    assert standards.problems(standards.OCDS_RELEASE, compiled) == []
    assert standards.problems(standards.OCDS_RELEASE_PACKAGE, _package([record])) == []


def test_a_published_call_is_a_tender_and_a_cancelled_one_ends_with_a_cancellation():
    open_call = f.CompetitionFactory(reference="SZ-2026-0100")
    cancelled = f.CompetitionFactory(reference="SZ-2026-0101", status="cancelled", published_at=at(date(2026, 2, 1)),
                                     status_changed_at=at(date(2026, 3, 3)), cancellation_reason="No budget")
    f.CompetitionFactory(reference="SZ-2026-0102", status="draft", published_at=None)  # never public
    records = _records()
    assert [r["ocid"] for r in records] == ["ocds-kzsz01-SZ-2026-0100", "ocds-kzsz01-SZ-2026-0101"]
    assert [r["tag"] for r in records[0]["releases"]] == [["tender"]]
    assert records[0]["compiledRelease"]["tender"]["status"] == "active"
    assert [r["tag"] for r in records[1]["releases"]] == [["tender"], ["tenderCancellation"]]
    assert records[1]["compiledRelease"]["tender"]["status"] == "cancelled"
    assert open_call.pk and cancelled.pk
    assert standards.problems(standards.OCDS_RELEASE_PACKAGE, _package(records)) == []


def test_results_with_no_winner_leave_the_tender_unsuccessful():
    competition = results_competition()
    awarded(competition, status="below_threshold")
    [record] = _records()
    assert record["compiledRelease"]["tender"]["status"] == "unsuccessful"
    assert "awards" not in record["compiledRelease"]  # an empty list merges to nothing
    assert [r["awards"] for r in record["releases"] if r["tag"] == ["award"]] == [[]]


class FakeProjects(providers.Provider):
    def __init__(self, competition, application):
        self.competition, self.application = competition, application

    def disbursements(self, application_ids):
        return {self.application.pk: {"amount": Decimal("750000"), "transactions": [
            {"id": "T1", "date": at(date(2026, 6, 10)), "amount": Decimal("750000")}]}}

    def contracts(self, competition_ids):
        return {self.competition.pk: [{
            "id": "AG-1", "awardID": self.application.registration_number, "status": "active",
            "dateSigned": "2026-05-20T12:00:00+05:00", "value": {"amount": 1500000, "currency": "KZT"},
            "implementation": {"transactions": [{"id": "T1", "date": "2026-06-10T12:00:00+05:00",
                                                 "value": {"amount": 750000, "currency": "KZT"}}]},
            "date": at(date(2026, 6, 10))}]}


@pytest.fixture
def projects_provider():
    competition = results_competition()
    application = awarded(competition)
    providers.register_provider("projects", FakeProjects(competition, application))
    yield competition, application
    providers.unregister_provider("projects")


def test_a_provider_adds_disbursements_and_a_contract_release(projects_provider):
    competition, application = projects_provider
    [grant] = build_grant_records(awarded_grants())
    assert grant["amountDisbursed"] == 750000
    assert grant["disbursementTransaction"] == [{"id": "T1", "transactionDate": "2026-06-10T12:00:00+05:00",
                                                 "currency": "KZT", "value": 750000}]
    [record] = _records()
    assert [r["tag"] for r in record["releases"]] == [["tender"], ["award"], ["contract", "implementation"]]
    assert record["compiledRelease"]["contracts"][0]["awardID"] == application.registration_number
    assert "date" not in record["compiledRelease"]["contracts"][0]
    assert standards.problems(standards.OCDS_RELEASE_PACKAGE, _package([record])) == []
