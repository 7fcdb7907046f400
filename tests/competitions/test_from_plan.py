"""A competition created from an approved plan's item: the form comes pre-filled, the link is kept, the plan's
execution view follows the item to it, and the service refuses items it may not implement."""

from decimal import Decimal

import pytest
from django.urls import reverse

from competitions import services
from competitions.enums import CompetitionStatus, TermType
from competitions.hooks import competitions_by_item
from competitions.models import Competition
from planning import services as planning
from planning.enums import PlanStatus
from portal.audit.models import AuditEvent
from tests import factories as f
from tests.planning.helpers import plan_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    plan = plan_at(PlanStatus.APPROVED)
    item = plan.items.get()
    item.term_years = 2
    item.save(update_fields=["term_years"])
    return plan, item, plan.body.official_memberships.get().user


def form_data(competition_form_initial, **changes):
    data = {"body": competition_form_initial["body"], "kind": "state_social_order", "title_ru": "Тема № 1",
            "priority_area": f.priority_area().pk, "regions": [f.region().pk], "term_type": "medium",
            "total_budget": "12000000", "min_amount": "1000000", "max_amount": "6000000", "planned_grants": "2",
            "max_applications_per_organization": "1", "opens_at": "2030-03-01T09:00", "closes_at": "2030-03-31T18:00",
            "experts_per_application": "2", "divergence_threshold_percent": "30", "aggregation": "mean",
            "pass_threshold": "0", "winner_rule": "budget", "appeal_window_days": "3",
            "min_organization_age_months": "0",
            "docs-TOTAL_FORMS": "0", "docs-INITIAL_FORMS": "0"}
    return {**data, **changes}


def test_the_form_is_prefilled_from_the_item(client, approved):
    plan, item, official = approved
    client.force_login(official)
    response = client.get(reverse("manage:create_from_plan_item", kwargs={"pk": item.pk}))
    form = response.context["form"]
    assert response.context["plan_item"] == item
    assert {name: form[name].value() for name in ("kind", "title_ru", "title_en", "priority_area", "regions",
                                                   "total_budget", "max_amount", "term_type", "project_years")} == {
        "kind": "state_social_order", "title_ru": item.topic_ru, "title_en": item.topic_en,
        "priority_area": item.priority_area_id, "regions": [f.region().pk], "total_budget": Decimal("12000000.00"),
        "max_amount": Decimal("12000000.00"), "term_type": TermType.MEDIUM,
        "project_years": f"{plan.year}, {plan.year + 1}"}
    assert form["description_en"].value() == (
        "Target group: Young people aged 14-29\n\nExpected results: 200 young people trained\n\n"
        "Legal basis: Law on state social order 36-III")
    assert "Pre-filled from the plan of topics" in response.content.decode()


def test_the_created_competition_keeps_its_link_and_shows_in_the_execution_view(client, approved):
    plan, item, official = approved
    client.force_login(official)
    url = reverse("manage:create_from_plan_item", kwargs={"pk": item.pk})
    response = client.post(url, form_data({"body": client.get(url).context["form"]["body"].value()}))
    competition = Competition.objects.get()
    assert response["Location"] == f"/manage/competitions/{competition.reference}/"
    assert (competition.plan_item, competition.status) == (item, CompetitionStatus.DRAFT)
    assert AuditEvent.objects.get(action="competition.created").after["plan_item"] == item.pk
    assert competitions_by_item([item]) == {}, "a draft is not public yet"
    competition.status = CompetitionStatus.PUBLISHED
    competition.save(update_fields=["status"])
    rows = client.get(reverse("planning:execution", kwargs={"pk": plan.pk})).context["rows"]
    [(row_item, [(source, found), *_projects_and_outcomes])] = rows
    assert (row_item, source.key) == (item, "competitions")
    assert found == [{"label": f"{competition.reference} Тема № 1", "url": f"/competitions/{competition.reference}/",
                      "status": "Published", "amount": Decimal("12000000.00")}]
    page = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert f"From the plan of topics: {plan.title}, item 1" in page


def test_bad_input_keeps_the_link_and_shows_the_messages(client, approved):
    _plan, item, official = approved
    client.force_login(official)
    url = reverse("manage:create_from_plan_item", kwargs={"pk": item.pk})
    body = client.get(url).context["form"]["body"].value()
    response = client.post(url, form_data({"body": body}, max_amount="99000000"))
    assert response.status_code == 400
    assert "max_amount" in response.context["form"].errors
    assert response.context["plan_item"] == item
    assert not Competition.objects.exists()


@pytest.mark.parametrize("case", ["other_body", "not_approved", "withdrawn"])
def test_the_service_refuses_items_it_may_not_implement(approved, case):
    plan, item, official = approved
    body = plan.body
    if case == "other_body":
        body = f.GovernmentBodyFactory()
    elif case == "not_approved":
        item = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official).items.get()
    else:
        planning.plan_item_withdraw(item=item, reason="No longer needed.", actor=official)
    competition = f.CompetitionFactory.build()
    fields = {name: getattr(competition, name) for name in services.CONFIG_FIELDS}
    fields.update(priority_area=f.priority_area(), tie_breaks=[])
    with pytest.raises(services.ConfigurationRefused) as refused:
        services.competition_create(body=body, fields=fields, regions=[f.region()], actor=official, plan_item=item)
    assert [field for field, _message in refused.value.problems] == ["plan_item"]


def test_only_officials_of_the_plans_body_open_the_prefilled_form(client, approved):
    _plan, item, _official = approved
    client.force_login(f.OfficialMembershipFactory().user)
    assert client.get(reverse("manage:create_from_plan_item", kwargs={"pk": item.pk})).status_code == 404
