"""The journey through /api/v1/: a winner of published results to a closed project, with the money checked
against numbers computed here (never read back from the code under test)."""

from decimal import Decimal

import pytest

from projects.models import Project, ProjectBudgetLine
from tests.api.helpers import forced_client
from tests.projects.meb_world import publish_evaluation
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _do(client, path, action, expect=200, **data):
    response = client.post(f"/api/v1/{path}/do/{action}/", data, format="json")
    assert response.status_code == expect, (action, response.status_code, response.content)
    return response.json()


def test_api_journey_from_results_to_a_closed_project(official):
    _competition, _apps, (ngo, other_ngo, _third) = published_world(official)
    body, org = forced_client(official), forced_client(ngo)
    listed = body.get("/api/v1/projects/").json()["results"]
    assert len(listed) == 1 and forced_client(other_ngo).get("/api/v1/projects/").json()["results"] == []
    pk = listed[0]["id"]
    path = f"projects/{pk}"
    awarded = D("1500000.00")
    assert D(listed[0]["awarded_amount"]) == awarded

    error = _do(body, path, "fund-lower", expect=400, reason="Venue costs")
    assert [problem["field"] for problem in error["problems"]] == ["amount"]
    funded = D("1400000.00")
    project = _do(body, path, "fund-lower", amount=str(funded), reason="Venue costs are lower in the region")
    assert D(project["amount"]) == funded and project["funding_reason"] == "Venue costs are lower in the region"
    _do(org, path, "agreement-create", expect=403, schedule="halves")
    _do(body, path, "agreement-create", expect=409, schedule="halves")  # the revised budget is not accepted yet
    _do(org, path, "budget-revise", lines=[
        {"category": "services", "description": "Trainers 2026", "year": 2026, "amount": "1050000"},
        {"category": "events", "description": "Venues 2026", "year": 2026, "amount": str(funded - 1050000)}])
    _do(body, path, "budget-accept")
    _do(body, path, "agreement-create", schedule="halves")
    _do(body, path, "agreement-send")
    _do(org, path, "agreement-sign-ngo")
    project = _do(body, path, "agreement-sign-body")
    assert project["status"] == "in_progress" and project["agreement"]["status"] == "in_force"
    half = (funded / 2).quantize(D("0.01"))
    assert [(D(t["amount"]), t["status"]) for t in project["tranches"]] == [(half, "due"), (funded - half, "planned")]
    first, second = (t["id"] for t in project["tranches"])
    interim, final = (p["report"]["id"] for p in project["periods"])

    _do(body, f"projects/tranches/{first}", "approve")
    _do(body, f"projects/tranches/{first}", "pay", payment_order_number="PP-1", payment_order_date="2026-02-02")
    _do(body, f"projects/tranches/{first}", "pay", expect=409, payment_order_number="PP-1",
        payment_order_date="2026-02-02")  # paid once only

    _do(org, f"projects/reports/{interim}", "save", narrative="Two trainings held.", spent_total="600000")
    report = _do(org, f"projects/reports/{interim}", "submit")
    assert report["status"] == "submitted" and len(report["snapshot_sha256"]) == 64
    _do(body, f"projects/reports/{interim}", "return", reasons="Attendance lists are missing\nAdd photos")
    _do(org, f"projects/reports/{interim}", "save", narrative="Two trainings held, lists attached.",
        spent_total="650000")
    _do(org, f"projects/reports/{interim}", "submit")
    _do(body, f"projects/reports/{interim}", "accept")
    tranche = body.get(f"/api/v1/projects/tranches/{second}/").json()
    assert tranche["status"] == "due"
    _do(body, f"projects/tranches/{second}", "approve")
    _do(body, f"projects/tranches/{second}", "pay", payment_order_number="PP-2", payment_order_date="2026-07-01")

    _do(body, path, "final-reporting")
    spent = D("1350000.00")
    _do(org, f"projects/reports/{final}", "save", narrative="All done.", spent_total=str(spent))
    _do(org, f"projects/reports/{final}", "submit")
    _do(body, f"projects/reports/{final}", "accept")
    _do(body, path, "evaluation")
    disbursed = half + (funded - half)
    unspent = disbursed - spent
    _do(org, path, "declare-unspent", expect=400, amount=str(disbursed + 1))
    _do(org, path, "declare-unspent", amount=str(unspent))
    _do(body, path, "close", expect=400)  # the return is not recorded yet
    _do(body, path, "record-return", amount=str(unspent), returned_on="2027-01-10", document="PP-R1")
    publish_evaluation(Project.objects.get(pk=pk), official)
    project = _do(body, path, "close")

    assert project["status"] == "closed"
    money = project["money"]
    assert D(money["disbursed"]) == disbursed == funded <= awarded
    assert D(money["awarded"]) == awarded and D(money["remaining"]) == 0
    assert D(project["unspent_declared"]) == unspent == D("50000.00") == D(project["returned_amount"])
    assert [t["payment_order_number"] for t in project["tranches"]] == ["PP-1", "PP-2"]
    public = forced_client(None).get(f"/api/v1/public/projects/{pk}/").json()
    assert D(public["disbursed"]) == disbursed and D(public["awarded_amount"]) == awarded


def test_amendment_through_the_api_names_the_problem(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    body, org = forced_client(official), forced_client(ngo)
    pk = body.get("/api/v1/projects/").json()["results"][0]["id"]
    path = f"projects/{pk}"
    for action, client in [("agreement-create", body), ("agreement-send", body), ("agreement-sign-ngo", org),
                           ("agreement-sign-body", body)]:
        _do(client, path, action, **({"schedule": "halves"} if action == "agreement-create" else {}))
    first, second = ProjectBudgetLine.objects.filter(project_id=pk).values_list("pk", flat=True)
    error = _do(org, path, "amendment-request", expect=400, kind="budget_move", reason="More venues",
                changes={"moves": {str(first): "-90000", str(second): "90000"}})
    assert error["code"] == "over_limit" and error["problems"][0]["field"] == str(second)
    _do(org, path, "amendment-request", kind="budget_move", reason="More venues",
        changes={"moves": {str(first): "-30000", str(second): "30000"}})
    project = body.get(f"/api/v1/{path}/").json()
    amendment = project["agreement"]["amendments"][0]
    assert amendment["status"] == "requested"
    project = _do(body, path, "amendment-approve", amendment=amendment["id"], reason="Justified")
    assert [v["number"] for v in project["agreement"]["versions"]] == [2, 1]


@pytest.mark.parametrize("count", [1, 4])
def test_project_lists_query_counts_do_not_grow(official, django_assert_num_queries, count):
    published_world(official, amounts=["100000"] * count, total_budget="1000000")
    anonymous, body = forced_client(None), forced_client(official)
    with django_assert_num_queries(2):  # the count and the page
        assert len(anonymous.get("/api/v1/public/projects/").json()["results"]) == count
    with django_assert_num_queries(6):  # the user's roles, the count and the page: the same for 1 and 4 projects
        assert len(body.get("/api/v1/projects/").json()["results"]) == count


@pytest.mark.parametrize("path", ["projects", "projects/tranches", "projects/reports"])
def test_an_id_that_is_no_number_is_404_not_a_server_error(official, path):
    response = forced_client(official).get(f"/api/v1/{path}/null,null/")
    assert response.status_code == 404
