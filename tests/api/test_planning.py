"""The plans API end to end: an official drafts and runs a plan, an NGO proposes and comments, the body decides,
moderates and answers, approves; versions after approval. Every refusal is a 4xx with a per-field message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planning.enums import PlanStatus
from planning.models import Plan, PlanItem
from planning.validators import earliest_discussion_end
from tests import factories as f
from tests.planning.helpers import plan_at

from .helpers import forced_client

pytestmark = pytest.mark.django_db
API = "/api/v1"


def item_payload(**changes):
    return {"topic_ru": "Медиаграмотность", "topic_kk": "Медиасауаттылық",
            "topic_en": "Media literacy", "priority_area": f.priority_area().pk,
            "target_group": "Pupils 12-17", "regions": [f.region().pk], "amount": "9000000.00", "term_years": 1,
            "expected_results": "300 pupils trained", "legal_act": "Law on state social order", **changes}


def test_a_plan_from_draft_to_approval_through_the_api():
    official = f.OfficialMembershipFactory(role="manager").user
    ngo = f.MembershipFactory()
    body_api, ngo_api = forced_client(official), forced_client(ngo.user)

    plan = body_api.post(f"{API}/plans/", {"year": 2032, "title_en": "Topics 2032", "title_ru": "Темы 2032",
                                             "title_kk": "2032 тақырыптары"}, format="json")
    assert plan.status_code == 201, plan.json()
    plan_id = plan.json()["id"]
    assert plan.json()["status"] == "draft" and plan.json()["title"] == "Topics 2032"
    item = body_api.post(f"{API}/plans/{plan_id}/items/", item_payload(), format="json")
    assert item.status_code == 201 and item.json()["number"] == 1
    today = timezone.localdate()
    opened = body_api.post(f"{API}/plans/{plan_id}/open-proposals/", {"proposals_until": today.isoformat()},
                           format="json")
    assert opened.json()["status"] == "proposals_open"

    proposal = ngo_api.post(f"{API}/plans/{plan_id}/proposals/", {
        "organization": ngo.organization.pk, "topic": "Sport for children with disabilities",
        "priority_area": f.priority_area().pk, "justification": "4 districts without adapted halls.",
        "suggested_amount": "6000000.00", "evidence": [{"title": "Register", "url": "https://stat.gov.kz/r"}]},
        format="json")
    assert proposal.status_code == 201, proposal.json()
    assert proposal.json()["organization_name"] == ngo.organization.name
    decided = body_api.post(f"{API}/plans/proposals/{proposal.json()['id']}/decide/",
                            {"decision": "accepted", "reason": "A real gap."}, format="json")
    assert decided.status_code == 200 and decided.json()["item_number"] == 2

    early = body_api.post(f"{API}/plans/{plan_id}/start-discussion/",
                          {"discussion_ends_on": (today + timedelta(days=3)).isoformat()}, format="json")
    assert early.status_code == 400
    assert [p["field"] for p in early.json()["problems"]] == ["proposals_until", "items", "discussion_ends_on",
                                                              "topic_kk", "topic_ru"]  # the accepted proposal's topic
    Plan.objects.filter(pk=plan_id).update(proposals_until=today - timedelta(days=1))  # the window has passed
    PlanItem.objects.filter(plan_id=plan_id, number=2).update(topic_kk="Ұсынылған тақырып",
                                                              topic_ru="Предложенная тема")
    new_item = decided.json()["item"]
    completed = body_api.patch(f"{API}/plans/items/{new_item}/", {
        "expected_results": "60 children in sport", "legal_act": "Akimat decree 12", "target_group": "Children",
        "regions": [f.region().pk]}, format="json")
    assert completed.status_code == 200, completed.json()
    ends = earliest_discussion_end(today)
    started = body_api.post(f"{API}/plans/{plan_id}/start-discussion/", {"discussion_ends_on": ends.isoformat()},
                            format="json")
    assert started.json()["status"] == "in_discussion"

    comment = ngo_api.post(f"{API}/plans/{plan_id}/comments/", {"text": "Add Arkalyk.", "item": new_item},
                           format="json")
    assert comment.status_code == 201 and comment.json()["status"] == "submitted"
    comment_id = comment.json()["id"]
    assert forced_client(None).get(f"{API}/plans/{plan_id}/comments/").json()["count"] == 0
    moderated = body_api.post(f"{API}/plans/comments/{comment_id}/moderate/", {"decision": "published"},
                              format="json")
    assert moderated.json()["status"] == "published"
    answered = body_api.post(f"{API}/plans/comments/{comment_id}/answer/",
                             {"answer_outcome": "accepted", "answer_text": "Arkalyk added."}, format="json")
    assert answered.json()["answer_outcome"] == "accepted"

    refused = body_api.post(f"{API}/plans/{plan_id}/approve/", {"decision": "Order 3"}, format="json")
    assert refused.status_code == 400
    assert [p["field"] for p in refused.json()["problems"]] == ["discussion_ends_on"]
    Plan.objects.filter(pk=plan_id).update(discussion_starts_on=today - timedelta(days=30),
                                           discussion_ends_on=today - timedelta(days=1))
    approved = body_api.post(f"{API}/plans/{plan_id}/approve/", {"decision": "Order 3"}, format="json")
    assert approved.json()["status"] == "approved" and approved.json()["current_version"] == 1

    public = forced_client(None)
    summary = public.get(f"{API}/plans/{plan_id}/comments/").json()["results"]
    assert [(c["text"], c["answer_outcome"], c["answer_text"]) for c in summary] == [
        ("Add Arkalyk.", "accepted", "Arkalyk added.")]
    versions = public.get(f"{API}/plans/{plan_id}/versions/").json()["results"]
    assert [v["number"] for v in versions] == [1] and len(versions[0]["sha256"]) == 64


def test_after_approval_changes_need_a_reason_and_make_versions():
    plan = plan_at(PlanStatus.APPROVED)
    api = forced_client(plan.body.official_memberships.get().user)
    item = plan.items.get()
    response = api.patch(f"{API}/plans/items/{item.pk}/", {"amount": "1.00"}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "reason"
    response = api.patch(f"{API}/plans/items/{item.pk}/", {"amount": "1.00", "reason": "Cut"}, format="json")
    assert response.status_code == 200 and response.json()["amount"] == "1.00"
    withdrawn = api.post(f"{API}/plans/items/{item.pk}/withdraw/", {"reason": "Not needed"}, format="json")
    assert withdrawn.json()["withdrawal_reason"] == "Not needed"
    again = api.post(f"{API}/plans/items/{item.pk}/withdraw/", {"reason": "Again"}, format="json")
    assert again.status_code == 409
    assert [v["reason"] for v in api.get(f"{API}/plans/{plan.pk}/versions/").json()["results"]] == [
        "Order No. 45 of 12.12.2026", "Cut", "Not needed"]
    header = api.patch(f"{API}/plans/{plan.pk}/", {"title_ru": "Новое"}, format="json")
    assert (header.status_code, header.json()["code"]) == (409, "plan_approved")


def test_state_conflicts_are_409_and_outsiders_get_403_or_404():
    draft = plan_at(PlanStatus.DRAFT)
    official = draft.body.official_memberships.get().user
    response = forced_client(official).post(f"{API}/plans/{draft.pk}/approve/", {"decision": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "forbidden_transition")
    assert forced_client(f.UserFactory()).get(f"{API}/plans/{draft.pk}/").status_code == 404
    open_plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    observer = f.ObserverMembershipFactory(body=open_plan.body).user
    response = forced_client(observer).post(f"{API}/plans/{open_plan.pk}/start-discussion/",
                                            {"discussion_ends_on": "2040-01-01"}, format="json")
    assert response.status_code == 403
    official = open_plan.body.official_memberships.get().user
    response = forced_client(official).post(f"{API}/plans/{open_plan.pk}/proposals/", {}, format="json")
    assert response.status_code == 403
    assert forced_client(None).post(f"{API}/plans/{open_plan.pk}/proposals/", {}, format="json").status_code == 401


def test_bad_input_names_the_field():
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    api = forced_client(f.UserFactory())
    response = api.post(f"{API}/plans/{plan.pk}/proposals/", {
        "topic": "", "priority_area": f.priority_area().pk, "justification": "x",
        "evidence": [{"title": "t", "url": "nope"}]}, format="json")
    assert response.status_code == 400
    assert {p["field"].split(".")[0] for p in response.json()["problems"]} == {"topic", "evidence"}
    missing = api.post(f"{API}/plans/{plan.pk}/proposals/", {
        "topic": "A topic", "priority_area": 99999, "justification": "x"}, format="json")
    assert missing.status_code == 404 and missing.json()["problems"][0]["field"] == "priority_area"
    official_api = forced_client(plan.body.official_memberships.get().user)
    response = official_api.post(f"{API}/plans/{plan.pk}/items/", item_payload(term_years=9, amount="-1"),
                                 format="json")
    assert response.status_code == 400
    assert {p["field"] for p in response.json()["problems"]} == {"term_years", "amount"}


def test_undecided_proposals_are_read_by_their_author_and_the_body_only():
    plan = plan_at(PlanStatus.PROPOSALS_OPEN)
    author, other = f.UserFactory(), f.UserFactory()
    from planning import services

    services.proposal_submit(plan=plan, actor=author, fields={"topic": "Mine", "justification": "J",
                                                              "priority_area": f.priority_area()})
    orphan = services.proposal_submit(plan=plan, actor=other, fields={"topic": "Orphan", "justification": "J",
                                                                      "priority_area": f.priority_area()})
    other.delete()  # the author left: the proposal stays, its author is gone
    assert orphan.__class__.objects.get(pk=orphan.pk).author is None
    url = f"{API}/plans/{plan.pk}/proposals/"
    assert [p["topic"] for p in forced_client(author).get(url).json()["results"]] == ["Mine"]
    assert forced_client(None).get(url).json()["count"] == 0
    official = plan.body.official_memberships.get().user
    assert forced_client(official).get(url).json()["count"] == 2
