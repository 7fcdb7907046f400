"""The body's plan pages: forms refuse bad input beside the field (400), state problems are listed, observers
read but never act, and the list pages keep a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning import services
from planning.enums import CommentStatus, PlanStatus, ProposalStatus
from planning.models import Plan, PlanItem
from planning.validators import earliest_discussion_end
from tests import factories as f

from .helpers import plan_at

pytestmark = pytest.mark.django_db


def official_of(plan):
    return plan.body.official_memberships.get().user


@pytest.fixture
def official_client(client):
    def sign_in(plan):
        client.force_login(official_of(plan))
        return client
    return sign_in


def item_data(**changes):
    return {"topic_ru": "Поддержка молодёжных медиа", "priority_area": f.priority_area().pk,
            "target_group": "Молодёжь 14-29 лет", "regions": [f.region().pk], "amount": "8000000",
            "term_years": "2", "expected_results": "20 редакций", "legal_act": "Закон о ГСЗ",
            "legal_act_date": "2005-04-12", **changes}


def test_an_official_drafts_a_plan_and_a_second_one_for_the_year_is_refused(client):
    official = f.OfficialMembershipFactory().user
    client.force_login(official)
    body = official.bodies.get()
    response = client.post(reverse("manage_planning:create"), {"body": body.pk, "year": "2031", "title_ru": "План"})
    plan = Plan.objects.get()
    assert (response["Location"], plan.body, plan.year) == (f"/manage/plans/{plan.pk}/", body, 2031)
    response = client.post(reverse("manage_planning:create"), {"body": body.pk, "year": "2031"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"year": ["The body already has a plan for 2031."]}


def test_an_item_with_bad_input_shows_every_message_beside_its_field(official_client):
    plan = plan_at(PlanStatus.DRAFT, items=0)
    client = official_client(plan)
    url = reverse("manage_planning:item_new", kwargs={"pk": plan.pk})
    response = client.post(url, item_data(topic_ru="", amount="-1", regions=[], term_years="7",
                                          legal_act_date="31.31.2020"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"topic_ru", "amount", "regions", "term_years", "legal_act_date"}
    assert not PlanItem.objects.exists()
    response = client.post(url, item_data())
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.number, item.amount, item.term_years) == (1, Decimal("8000000.00"), 2)


def test_changing_an_approved_item_needs_a_reason(official_client):
    plan = plan_at(PlanStatus.APPROVED)
    client = official_client(plan)
    item = plan.items.get()
    url = reverse("manage_planning:item_edit", kwargs={"pk": plan.pk, "item_pk": item.pk})
    response = client.post(url, item_data())
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert client.post(url, item_data(reason="Budget law of 2027.")).status_code == 302
    plan.refresh_from_db()
    assert plan.current_version == 2


def test_the_discussion_start_refuses_a_short_window_beside_the_date(official_client):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    plan.proposals_until = timezone.localdate() - timedelta(days=1)
    plan.save(update_fields=["proposals_until"])
    client = official_client(plan)
    url = reverse("manage_planning:start_discussion", kwargs={"pk": plan.pk})
    earliest = earliest_discussion_end(timezone.localdate())
    page = client.get(url)
    assert page.context["form"]["discussion_ends_on"].value() == earliest
    response = client.post(url, {"discussion_ends_on": (earliest - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["discussion_ends_on"] == [
        f"The public discussion lasts at least 10 working days: it may end on {earliest:%d.%m.%Y} at the earliest."]
    assert client.post(url, {"discussion_ends_on": earliest.isoformat()}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_DISCUSSION


def test_approval_lists_what_is_missing(official_client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    services.comment_submit(plan=plan, text="Please add districts", actor=f.UserFactory())
    client = official_client(plan)
    response = client.post(reverse("manage_planning:approve", kwargs={"pk": plan.pk}), {"decision": "Order 9"})
    assert response.status_code == 400
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        f"The public discussion runs until {plan.discussion_ends_on:%d.%m.%Y}; the plan can be approved after it "
        "ends.", "Moderate every comment first: 1 still waiting."]


def test_decisions_moderation_and_answers_refuse_missing_reasons(official_client):
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    proposal = services.proposal_submit(plan=plan, actor=f.UserFactory(), fields={
        "topic": "T", "justification": "J", "priority_area": f.priority_area()})
    client = official_client(plan)
    url = reverse("manage_planning:decide", kwargs={"pk": plan.pk, "proposal_pk": proposal.pk})
    response = client.post(url, {"decision": ProposalStatus.MERGED, "reason": "Same"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["item"]
    response = client.post(url, {"decision": ProposalStatus.MERGED, "reason": "Same", "item": plan.items.get().pk})
    assert response.status_code == 302

    discussed = plan_at(PlanStatus.IN_DISCUSSION)
    comment = services.comment_submit(plan=discussed, text="Spam", actor=f.UserFactory())
    client = official_client(discussed)
    url = reverse("manage_planning:moderate", kwargs={"pk": discussed.pk, "comment_pk": comment.pk})
    response = client.post(url, {"decision": CommentStatus.HIDDEN, "reason": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert client.post(url, {"decision": CommentStatus.PUBLISHED}).status_code == 302
    assert client.post(url, {"decision": CommentStatus.HIDDEN, "reason": "x"}).status_code == 409
    url = reverse("manage_planning:answer", kwargs={"pk": discussed.pk, "comment_pk": comment.pk})
    response = client.post(url, {"answer_outcome": "maybe", "answer_text": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"answer_outcome", "answer_text"}


def test_evidence_upload_refuses_a_disguised_file(official_client):
    plan = plan_at(PlanStatus.DRAFT)
    item = plan.items.get()
    client = official_client(plan)
    url = reverse("manage_planning:evidence", kwargs={"pk": plan.pk, "item_pk": item.pk})
    response = client.post(url, {"kind": "statistics", "title": "Figures",
                                 "upload": SimpleUploadedFile("figures.pdf", b"MZ\x90 program")})
    assert response.status_code == 400
    assert response.context["form"].errors["upload"] == [
        "This file is not an accepted type. Upload a PDF, DOCX, XLSX, ODT, JPEG or PNG file; the content is "
        "checked, not the name."]
    response = client.post(url, {"kind": "link", "title": "Source"})
    assert response.context["form"].errors == {"url": ["Give a link or upload a file."]}
    assert client.post(url, {"kind": "link", "title": "Source", "url": "https://stat.gov.kz"}).status_code == 302


def test_an_observer_reads_the_body_pages_but_gets_403_on_every_form(client):
    plan = plan_at(PlanStatus.IN_DISCUSSION)
    observer = f.ObserverMembershipFactory(body=plan.body).user
    client.force_login(observer)
    assert client.get(reverse("manage_planning:detail", kwargs={"pk": plan.pk})).status_code == 200
    assert client.get(reverse("manage_planning:comments", kwargs={"pk": plan.pk})).status_code == 200
    assert client.get(reverse("manage_planning:approve", kwargs={"pk": plan.pk})).status_code == 403
    assert client.post(reverse("manage_planning:item_new", kwargs={"pk": plan.pk}), item_data()).status_code == 403
    client.force_login(f.OfficialMembershipFactory().user)
    assert client.get(reverse("manage_planning:detail", kwargs={"pk": plan.pk})).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_body_list_pages_query_counts(client, count):
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    plans = [plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official, items=count) for _i in range(count)]
    plan = plans[0]
    for index in range(count):
        services.comment_submit(plan=plan, text=f"C{index}", actor=f.UserFactory())
        f.TopicProposalFactory(plan=plan)
    client.force_login(official)
    # Each: session, user, roles (4), unread notifications, then the page's own reads (counts, rows, prefetches).
    pinned = {"manage_planning:list": ({}, 9), "manage_planning:detail": ({"pk": plan.pk}, 15),
              "manage_planning:proposals": ({"pk": plan.pk}, 12), "manage_planning:comments": ({"pk": plan.pk}, 10)}
    measured = {}
    for name, (kwargs, _queries) in pinned.items():
        url = reverse(name, kwargs=kwargs)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        measured[name] = len(captured)
    assert measured == {name: queries for name, (_kwargs, queries) in pinned.items()}
