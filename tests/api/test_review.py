"""Rubrics, experts, assignments, declarations and evaluations through the API."""

import pytest

from competitions.enums import CompetitionStatus
from tests import factories as f

from .helpers import forced_client


@pytest.fixture
def review(db):
    """A competition under review with its rubric (two criteria), one admitted application and an expert."""
    competition = f.CompetitionFactory(status=CompetitionStatus.UNDER_REVIEW)
    rubric = f.RubricFactory(competition=competition, body=competition.body)
    criteria = [f.CriterionFactory(rubric=rubric, order=1), f.CriterionFactory(rubric=rubric, order=2,
                                                                                weight="2")]
    application = f.ApplicationFactory(competition=competition, status="admitted")
    expert = f.ExpertProfileFactory()
    official = f.OfficialMembershipFactory(body=competition.body).user
    return competition, criteria, application, expert, official


def test_rubric_problems_per_criterion_and_create(db):
    official = forced_client(f.OfficialMembershipFactory().user)
    bad = official.post("/api/v1/rubrics/", {"name": "R", "criteria": [
        {"title": "A", "min_score": "5", "max_score": "1"}]}, format="json")
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "0-max_score"
    good = official.post("/api/v1/rubrics/", {"name": "R", "criteria": [{"title": "A"}, {"title": "B"}]},
                         format="json")
    assert good.status_code == 201
    assert [(c["order"], c["title"], c["max_score"]) for c in good.json()["criteria"]] == [(1, "A", "10.00"),
                                                                                           (2, "B", "10.00")]
    patched = official.patch(f"/api/v1/rubrics/{good.json()['id']}/", {"name": "Renamed"}, format="json")
    assert patched.json()["name"] == "Renamed" and len(patched.json()["criteria"]) == 2
    assert forced_client(f.MembershipFactory().user).post("/api/v1/rubrics/", {"name": "x", "criteria": []},
                                                          format="json").status_code == 403


def test_rubric_patch_with_a_new_criterion_gets_its_defaults_not_a_500(db):
    official = forced_client(f.OfficialMembershipFactory().user)
    rubric = official.post("/api/v1/rubrics/", {"name": "R", "criteria": [{"title": "A"}]}, format="json").json()
    patched = official.patch(f"/api/v1/rubrics/{rubric['id']}/", {"criteria": [{"title": "B"}]}, format="json")
    assert patched.status_code == 200
    assert [(c["title"], c["min_score"], c["max_score"]) for c in patched.json()["criteria"]] == [
        ("B", "0.00", "10.00")]
    missing = official.patch(f"/api/v1/rubrics/{rubric['id']}/", {"criteria": [{"weight": "2"}]}, format="json")
    assert missing.status_code == 400 and missing.json()["problems"][0]["field"].startswith("criteria")


def test_experts_register_for_officials_only(review):
    _competition, _criteria, _application, expert, official = review
    rows = forced_client(official).get("/api/v1/experts/").json()["results"]
    assert [(row["id"], row["user_email"], row["load"]) for row in rows] == [(expert.pk, expert.user.email, 0)]
    assert forced_client(f.MembershipFactory().user).get("/api/v1/experts/").status_code == 403


def test_manual_assignment_declaration_and_scoring(review):
    competition, criteria, application, expert, official = review
    response = forced_client(official).post("/api/v1/assignments/", {"application": application.pk,
                                                                     "expert": expert.pk}, format="json")
    assert response.status_code == 201, response.json()
    assignment = response.json()
    assert assignment["status"] == "offered" and assignment["declaration"] is None
    again = forced_client(official).post("/api/v1/assignments/", {"application": application.pk,
                                                                  "expert": expert.pk}, format="json")
    assert again.status_code == 409

    client = forced_client(expert.user)
    assert client.get(f"/api/v1/assignments/{assignment['id']}/evaluation/").status_code == 403  # declare first
    assert client.post(f"/api/v1/assignments/{assignment['id']}/declare/", {"conflict": True},
                       format="json").status_code == 400  # a conflict needs its type and a note
    declared = client.post(f"/api/v1/assignments/{assignment['id']}/declare/", {"conflict": False}, format="json")
    assert declared.json()["status"] == "accepted" and declared.json()["declaration"]["has_conflict"] is False
    assert client.post(f"/api/v1/assignments/{assignment['id']}/declare/", {"conflict": False},
                       format="json").status_code == 409

    url = f"/api/v1/assignments/{assignment['id']}/evaluation/"
    off_scale = client.put(url, {"scores": [{"criterion": criteria[0].pk, "value": "11"}]}, format="json")
    assert off_scale.status_code == 400 and off_scale.json()["problems"][0]["field"] == f"criterion:{criteria[0].pk}"
    draft = client.put(url, {"scores": [{"criterion": criteria[0].pk, "value": "7"}]}, format="json").json()
    assert draft["total"] == "7.000" and draft["submitted_at"] is None
    stale = client.put(url, {"scores": [], "version": draft["version"] - 1}, format="json")
    assert stale.status_code == 409
    incomplete = client.post(url + "submit/")
    assert incomplete.status_code == 400 and incomplete.json()["code"] == "evaluation_incomplete"
    client.put(url, {"scores": [{"criterion": criteria[0].pk, "value": "7"},
                                {"criterion": criteria[1].pk, "value": "4"}], "comment": "Fine."}, format="json")
    submitted = client.post(url + "submit/").json()
    assert submitted["total"] == "15.000" and submitted["submitted_at"] is not None
    assert client.put(url, {"scores": []}, format="json").status_code == 409  # read-only once submitted
    assert forced_client(official).get(url).json()["total"] == "15.000"
    assert forced_client(f.ExpertProfileFactory().user).get(url).status_code == 404


def test_auto_assignment_refuses_with_numbers_when_the_pool_is_too_small(review):
    competition, _criteria, _application, expert, official = review
    client = forced_client(official)
    client.post(f"/api/v1/competitions/{competition.pk}/pool/", {"experts": [expert.pk]}, format="json")
    response = client.post(f"/api/v1/competitions/{competition.pk}/assignments/auto/", {"seed": 1}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "assignment_infeasible"


def test_live_ranking_is_for_officials(review):
    competition, *_rest, official = review
    assert forced_client(official).get(f"/api/v1/competitions/{competition.pk}/ranking/").json()["rows"] == []
    observer = f.ObserverMembershipFactory(body=competition.body).user
    assert forced_client(observer).get(f"/api/v1/competitions/{competition.pk}/ranking/").status_code == 403
    assert forced_client(official).post(f"/api/v1/competitions/{competition.pk}/reports/",
                                        {"format": "pdf"}, format="json").status_code == 409  # nothing frozen
