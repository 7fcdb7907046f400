"""A three-year project through the API: two annual decisions (continue, then continue with a reduced amount),
the money checked against numbers computed here (disbursed never above awarded, unspent recorded), and the
portfolio dashboard agreeing with them."""

from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Project
from projects.selectors_portfolio import portfolio
from tests.api.helpers import forced_client
from tests.projects.meb_world import publish_evaluation
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _do(client, path, action, expect=200, **data):
    response = client.post(f"/api/v1/{path}/do/{action}/", data, format="json")
    assert response.status_code == expect, (action, response.status_code, response.content)
    return response.json()


def _pay(client, tranche_id, number):
    _do(client, f"projects/tranches/{tranche_id}", "approve")
    return _do(client, f"projects/tranches/{tranche_id}", "pay", payment_order_number=f"PP-{number}",
               payment_order_date=f"{2025 + number}-02-01")


def _accept_report(body, org, report_id, spent):
    _do(org, f"projects/reports/{report_id}", "save", narrative="Year done.", spent_total=str(spent))
    _do(org, f"projects/reports/{report_id}", "submit")
    _do(body, f"projects/reports/{report_id}", "accept")


def test_three_year_project_money_through_two_annual_decisions(official):
    competition, _apps, (ngo, *_rest) = published_world(official, amounts=("1500000",), years=(2026, 2027, 2028),
                                                        total_budget="3000000")
    body, org = forced_client(official), forced_client(ngo)
    pk = body.get("/api/v1/projects/").json()["results"][0]["id"]
    path = f"projects/{pk}"
    awarded = D("1500000.00")
    yearly = awarded / 3  # the application's budget is even over the three years
    _do(body, path, "agreement-create", schedule="per_year")
    _do(body, path, "agreement-send")
    _do(org, path, "agreement-sign-ngo")
    project = _do(body, path, "agreement-sign-body")
    assert [(t["year"], D(t["amount"]), t["status"]) for t in project["tranches"]] == [
        (2026, yearly, "due"), (2027, yearly, "planned"), (2028, yearly, "planned")]
    assert [(p["kind"], p["year"]) for p in project["periods"]] == [("annual", 2026), ("annual", 2027),
                                                                     ("final", 2028)]
    first, second, third = (t["id"] for t in project["tranches"])
    year1, year2, final = (p["report"]["id"] for p in project["periods"])

    _pay(body, first, 1)
    _accept_report(body, org, year1, D("480000"))
    _do(org, path, "year-decision", expect=403, year=2027, decision="continue", reasons="Plan met")
    _do(body, path, "year-decision", expect=400, year=2027, decision="continue", reasons="")
    project = _do(body, path, "year-decision", year=2027, decision="continue", reasons="Plan met, report accepted")
    assert [t["status"] for t in project["tranches"]] == ["paid", "due", "planned"]
    _do(body, f"projects/tranches/{third}", "approve", expect=409)  # 2028 is not decided: not due
    _pay(body, second, 2)

    _accept_report(body, org, year2, D("470000"))
    reduced = D("300000.00")
    _do(body, path, "year-decision", expect=400, year=2028, decision="continue_reduced", amount=str(yearly + 1),
        reasons="Fewer participants")
    project = _do(body, path, "year-decision", year=2028, decision="continue_reduced", amount=str(reduced),
                  reasons="Fewer participants in year 2")
    funded = awarded - (yearly - reduced)
    assert D(project["amount"]) == funded and D(project["awarded_amount"]) == awarded
    assert [(D(t["amount"]), t["status"]) for t in project["tranches"]] == [
        (yearly, "paid"), (yearly, "paid"), (reduced, "due")]
    assert [(d["year"], d["decision"]) for d in project["year_decisions"]] == [
        (2027, "continue"), (2028, "continue_reduced")]
    _pay(body, third, 3)

    _do(body, path, "final-reporting")
    spent = D("1260000.00")
    _accept_report(body, org, final, spent)
    _do(body, path, "evaluation")
    disbursed = yearly + yearly + reduced
    unspent = disbursed - spent
    _do(org, path, "declare-unspent", expect=400, amount=str(disbursed + D("0.01")))
    _do(org, path, "declare-unspent", amount=str(unspent))
    _do(body, path, "record-return", amount=str(unspent), returned_on="2029-01-20", document="PP-R")
    publish_evaluation(Project.objects.get(pk=pk), official)  # the panel's work is tested in test_evaluation_*
    project = _do(body, path, "close")

    money = project["money"]
    assert project["status"] == "closed"
    assert D(money["disbursed"]) == disbursed == funded == D("1300000.00") <= awarded
    assert D(money["remaining"]) == 0
    assert D(project["unspent_declared"]) == unspent == D("40000.00") == D(project["returned_amount"])
    data = portfolio(competition.body, today=timezone.localdate())
    assert data["totals"]["disbursed"] == disbursed and data["totals"]["awarded"] == funded
