"""The plan execution view followed to projects and outcomes: one selector, the same number of queries for one
item or several; the public sees published outcomes only, the body's view also drafts; the API says the same."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.enums import CompetitionStatus
from planning.enums import PlanStatus
from projects.enums import EvaluationStatus, ProjectStatus, TrancheStatus
from projects.models import Project, ProjectEvaluation, Tranche
from tests import factories as f
from tests.planning.helpers import plan_at

pytestmark = pytest.mark.django_db


def _project(competition, number, *, status=ProjectStatus.IN_PROGRESS, paid=(), outcome=None, published=True):
    application = f.ApplicationFactory(competition=competition, status="winner")
    project = Project.objects.create(
        application=application, competition=competition, organization=application.organization,
        reference=f"{competition.reference}-P{number}", title=f"Project {number}", rank=number, snapshot={},
        snapshot_sha256="0" * 64, status=status, awarded_amount=D("1000000"))
    for index, amount in enumerate(paid, start=1):
        Tranche.objects.create(project=project, number=index, amount=D(amount), condition="agreement_in_force",
                               status=TrancheStatus.PAID, payment_order_number=f"PO-{index}",
                               payment_order_date=date(2027, 3, 1))
    if outcome:
        ProjectEvaluation.objects.create(
            project=project, rubric=f.RubricFactory(), outcome=outcome, total=D("82.5"),
            status=EvaluationStatus.PUBLISHED if published else EvaluationStatus.DONE)
    return project


def _world(items):
    plan = plan_at(PlanStatus.APPROVED, items=items)
    for item in plan.items.order_by("number"):
        competition = f.CompetitionFactory(body=plan.body, plan_item=item, status=CompetitionStatus.FINAL)
        f.CompetitionFactory(body=plan.body, plan_item=item, status=CompetitionStatus.DRAFT)
        _project(competition, 1, paid=["300000", "200000"], outcome="successful")
        _project(competition, 2, outcome="satisfactory", published=False)
        _project(competition, 3, status=ProjectStatus.DECLINED)
    return plan


@pytest.mark.parametrize("items", [1, 3])
def test_public_execution_follows_items_to_projects_and_outcomes(client, django_assert_num_queries, items):
    plan = _world(items)
    url = reverse("planning:execution", kwargs={"pk": plan.pk})
    client.get(url)  # warm the caches (languages, site settings)
    with django_assert_num_queries(7):  # the same for 1 and 3 items: one query per source
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == items
    _item, columns = rows[0]
    found = {source.key: found for source, found in columns}
    assert [r["status"] for r in found["competitions"]] == ["Final"]
    assert [(r["label"].split()[-2:], r["status"], r["figures"][0][1]) for r in found["projects"]] == [
        (["Project", "1"], "In progress", D("500000.00")), (["Project", "2"], "In progress", D("0"))]
    assert [(r["status"], r["figures"][0][1]) for r in found["outcomes"]] == [("Successful", D("82.50"))]
    page = response.content.decode()
    assert "disbursed" in page and "Successful" in page and "Satisfactory" not in page


def test_the_bodys_view_shows_drafts_declined_and_scored_outcomes(client):
    plan = _world(1)
    official = f.OfficialMembershipFactory(body=plan.body).user
    client.force_login(official)
    response = client.get(reverse("manage_planning:execution", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    [(_item, columns)] = response.context["rows"]
    found = {source.key: found for source, found in columns}
    assert sorted(r["status"] for r in found["competitions"]) == ["Draft", "Final"]
    assert len(found["projects"]) == 3
    assert sorted(r["status"] for r in found["outcomes"]) == ["Satisfactory", "Successful"]


def test_execution_api_public_and_body(client):
    plan = _world(1)
    data = client.get(f"/api/v1/plans/{plan.pk}/execution/").json()
    [item] = data
    sources = {s["key"]: s["rows"] for s in item["sources"]}
    assert [s["key"] for s in item["sources"]] == ["competitions", "projects", "outcomes"]
    assert sources["projects"][0]["figures"] == {"disbursed": "500000.00"}
    assert [r["status"] for r in sources["outcomes"]] == ["Successful"]
    client.force_login(f.OfficialMembershipFactory(body=plan.body).user)
    sources = {s["key"]: s["rows"] for s in client.get(f"/api/v1/plans/{plan.pk}/execution/").json()[0]["sources"]}
    assert len(sources["competitions"]) == 2 and len(sources["outcomes"]) == 2
    draft = plan_at(PlanStatus.DRAFT, body=plan.body)
    assert client.get(f"/api/v1/plans/{draft.pk}/execution/").json() == []
