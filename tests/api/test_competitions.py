"""Competitions through the API: filters, who may create and change, lifecycle answers, questions, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from competitions.enums import CompetitionStatus
from portal.audit.services import audit_seal
from tests import factories as f

from .helpers import forced_client


@pytest.fixture
def body_official(db):
    membership = f.OfficialMembershipFactory(role="manager")
    return membership.body, membership.user


def create_body(**extra):
    now = timezone.now()
    return {"kind": "state_grant", "title": "Youth grants", "description": "For young people.",
            "priority_area": f.priority_area().pk, "regions": [f.region().pk],
            "opens_at": now.isoformat(), "closes_at": (now + timedelta(days=20)).isoformat(),
            "total_budget": "10000000.00", "min_amount": "1000000.00", "max_amount": "5000000.00", **extra}


@pytest.mark.django_db
def test_filters_status_kind_open_and_search():
    f.CompetitionFactory(title_ru="Молодёжь", kind="state_grant")
    f.CompetitionFactory(title_ru="Экология", kind="state_social_order",
                         opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=9))
    f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None)
    client = APIClient()
    assert client.get("/api/v1/competitions/").json()["count"] == 2  # the draft is not public
    assert [c["kind"] for c in client.get("/api/v1/competitions/?kind=state_social_order").json()["results"]] == [
        "state_social_order"]
    assert client.get("/api/v1/competitions/?open=true").json()["count"] == 1
    assert client.get("/api/v1/competitions/?open=false").json()["count"] == 1
    assert client.get("/api/v1/competitions/?search=Экол").json()["count"] == 1
    assert client.get("/api/v1/competitions/?status=published&ordering=-total_budget").json()["count"] == 2


@pytest.mark.django_db
def test_create_needs_sign_in_and_an_official(body_official):
    assert APIClient().post("/api/v1/competitions/", create_body(), format="json").status_code == 401
    ngo = forced_client(f.MembershipFactory().user)
    assert ngo.post("/api/v1/competitions/", create_body(), format="json").status_code == 403


@pytest.mark.django_db
def test_official_creates_a_draft_with_money_as_strings_and_times_with_offset(body_official):
    body, official = body_official
    response = forced_client(official).post("/api/v1/competitions/", create_body(), format="json",
                                            HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 201, response.json()
    data = response.json()
    # A plain "title" is stored in the language of the request.
    assert data["status"] == "draft" and data["body"] == body.pk and data["title_ru"] == "Youth grants"
    assert data["total_budget"] == "10000000.00" and data["divergence_threshold"] == "30.00"
    assert data["opens_at"].endswith("+05:00") and data["reference"].startswith("SZ-")


@pytest.mark.django_db
def test_configuration_problems_come_back_per_field(body_official):
    _body, official = body_official
    response = forced_client(official).post("/api/v1/competitions/", create_body(min_amount="6000000.00"),
                                            format="json")
    assert response.status_code == 400
    assert {p["field"] for p in response.json()["problems"]} == {"max_amount"}


@pytest.mark.django_db
def test_patch_of_a_draft_and_refusals(body_official):
    body, official = body_official
    client = forced_client(official)
    draft = client.post("/api/v1/competitions/", create_body(), format="json").json()
    response = client.patch(f"/api/v1/competitions/{draft['id']}/", {"planned_grants": 3}, format="json")
    assert response.status_code == 200 and response.json()["planned_grants"] == 3
    observer = forced_client(f.ObserverMembershipFactory(body=body).user)
    assert observer.patch(f"/api/v1/competitions/{draft['id']}/", {"planned_grants": 4},
                          format="json").status_code == 403
    outsider = forced_client(f.OfficialMembershipFactory().user)
    assert outsider.patch(f"/api/v1/competitions/{draft['id']}/", {"planned_grants": 4},
                          format="json").status_code == 404


@pytest.mark.django_db
def test_forbidden_transition_is_409_naming_the_state(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.CANCELLED)
    response = forced_client(official).post(f"/api/v1/competitions/{competition.pk}/cancel/", {"reason": "x"},
                                            format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "forbidden_transition" and "cancelled" in response.json()["detail"]


@pytest.mark.django_db
def test_extend_needs_a_reason_and_a_later_deadline(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    client = forced_client(official)
    later = (competition.closes_at + timedelta(days=5)).isoformat()
    response = client.post(f"/api/v1/competitions/{competition.pk}/extend/", {"closes_at": later, "reason": " "},
                           format="json")
    assert response.status_code == 400
    response = client.post(f"/api/v1/competitions/{competition.pk}/extend/",
                           {"closes_at": later, "reason": "More time for rural NGOs."}, format="json")
    assert response.status_code == 200
    competition.refresh_from_db()
    assert competition.closes_at.isoformat() == later or response.json()["closes_at"]


@pytest.mark.django_db
def test_close_after_the_deadline_is_idempotent(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    client = forced_client(official)
    assert client.post(f"/api/v1/competitions/{competition.pk}/close/").status_code == 400  # still open
    type(competition).objects.filter(pk=competition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert client.post(f"/api/v1/competitions/{competition.pk}/close/").json()["status"] == "closed"
    assert client.post(f"/api/v1/competitions/{competition.pk}/close/").json()["status"] == "closed"


@pytest.mark.django_db
def test_questions_are_published_only_once_answered(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    ngo = forced_client(f.MembershipFactory().user)
    response = ngo.post(f"/api/v1/competitions/{competition.pk}/questions/", {"question": "Can we co-finance?"},
                        format="json")
    assert response.status_code == 201
    question = response.json()
    assert APIClient().get(f"/api/v1/competitions/{competition.pk}/questions/").json()["count"] == 0
    assert forced_client(official).get(f"/api/v1/competitions/{competition.pk}/questions/").json()["count"] == 1
    response = forced_client(official).post(f"/api/v1/questions/{question['id']}/answer/", {"answer": "Yes."},
                                            format="json")
    assert response.status_code == 200 and response.json()["answer"] == "Yes."
    public = APIClient().get(f"/api/v1/competitions/{competition.pk}/questions/").json()
    assert [(q["question"], q["answer"]) for q in public["results"]] == [("Can we co-finance?", "Yes.")]
    assert "asked_by" not in public["results"][0]


@pytest.mark.django_db
def test_audit_for_the_body_only(body_official):
    body, official = body_official
    client = forced_client(official)
    draft = client.post("/api/v1/competitions/", create_body(), format="json").json()
    audit = client.get(f"/api/v1/competitions/{draft['id']}/audit/").json()
    assert [event["action"] for event in audit["results"]] == ["competition.created"]
    assert (audit["results"][0]["seq"], audit["results"][0]["hash"]) == (None, None)  # pending seal
    audit_seal()  # what the beat sealer does within seconds
    audit = client.get(f"/api/v1/competitions/{draft['id']}/audit/").json()
    assert audit["results"][0]["seq"] == 1 and len(audit["results"][0]["hash"]) == 64
    assert forced_client(f.MembershipFactory().user).get(f"/api/v1/competitions/{draft['id']}/audit/").status_code \
        == 404


@pytest.mark.django_db
def test_cancel_refuses_a_reason_that_is_no_string(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    response = forced_client(official).post(f"/api/v1/competitions/{competition.pk}/cancel/", {"reason": 0},
                                            format="json")
    assert response.status_code == 400 and response.json()["problems"][0]["field"] == "reason"
    competition.refresh_from_db()
    assert competition.status != CompetitionStatus.CANCELLED


@pytest.mark.django_db
def test_pool_refuses_a_reserve_that_is_no_boolean(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    expert = f.ExpertProfileFactory()
    response = forced_client(official).post(f"/api/v1/competitions/{competition.pk}/pool/",
                                            {"experts": [expert.pk], "reserve": 0}, format="json")
    assert response.status_code == 400 and response.json()["problems"][0]["field"] == "reserve"


@pytest.mark.django_db
def test_extend_to_a_deadline_before_the_present_one_is_409_naming_closes_at(body_official):
    body, official = body_official
    competition = f.CompetitionFactory(body=body)
    earlier = (competition.closes_at - timedelta(minutes=1)).isoformat()
    response = forced_client(official).post(f"/api/v1/competitions/{competition.pk}/extend/",
                                            {"closes_at": earlier, "reason": "More time."}, format="json")
    assert response.status_code == 409
    assert [problem["field"] for problem in response.json()["problems"]] == ["closes_at"]
