"""Nothing a client sends is silently dropped (issue 11, point 11): an unknown key, a read-only field, an id that
names no row or does not belong answers 4xx naming it; application create takes what PATCH takes; the pages'
limits hold in the API."""

import pytest

from applications.forms import MAX_ROWS
from applications.models import Application
from competitions.enums import CompetitionStatus
from tests import factories as f
from tests.api.helpers import application_content, forced_client

API = "/api/v1"


def problem_fields(response):
    return [problem["field"] for problem in response.json()["problems"]]


@pytest.fixture
def applicant(db):
    competition = f.CompetitionFactory()
    ngo = f.MembershipFactory().user
    return competition, forced_client(ngo)


def test_application_create_stores_the_content_it_is_sent(applicant):
    competition, client = applicant
    content = application_content(1)
    del content["version"]
    response = client.post(f"{API}/applications/", {"competition": competition.pk, **content}, format="json")
    assert response.status_code == 201, response.json()
    application = Application.objects.get(pk=response.json()["id"])
    assert (application.title, application.summary, application.beneficiaries_count) == (
        "Youth media centre", "A media centre for young people in Kostanay.", 200)
    assert [(line.category, line.description) for line in application.budget_lines.order_by("order")] == [
        ("services", "Trainers"), ("administrative", "Rent")]
    assert [a.title for a in application.activities.all()] == ["Trainings"]
    assert str(application.requested_amount) == "2000000.00"


def test_application_create_with_bad_content_creates_nothing(applicant):
    competition, client = applicant
    response = client.post(f"{API}/applications/", {"competition": competition.pk, "budget_lines": [
        {"category": "services", "description": "Trainers", "quantity": "0", "unit_cost": "1.00"}]}, format="json")
    assert response.status_code == 400
    assert problem_fields(response) == ["budget_lines.0.quantity"]
    assert not Application.objects.exists()


def test_an_unknown_key_is_refused_by_name(applicant):
    competition, client = applicant
    response = client.post(f"{API}/applications/", {"competition": competition.pk, "titel": "typo"}, format="json")
    assert response.status_code == 400
    assert response.json()["titel"] == ["This field is not accepted here."]
    assert problem_fields(response) == ["titel"]
    assert not Application.objects.exists()


def test_a_read_only_field_is_refused_by_name(applicant):
    competition, client = applicant
    draft = client.post(f"{API}/applications/", {"competition": competition.pk}, format="json").json()
    response = client.patch(f"{API}/applications/{draft['id']}/", {"version": draft["version"], "budget_lines": [
        {"category": "services", "description": "x", "quantity": "1", "unit_cost": "5.00", "amount": "999.00"}]},
        format="json")
    assert response.status_code == 400
    assert problem_fields(response) == ["budget_lines.0.amount"]
    assert response.json()["budget_lines"]["0"]["amount"] == ["This field is read-only and cannot be sent."]
    status = client.patch(f"{API}/applications/{draft['id']}/", {"version": draft["version"], "status": "admitted"},
                          format="json")
    assert status.status_code == 400 and problem_fields(status) == ["status"]
    assert Application.objects.get(pk=draft["id"]).status == "draft"


def test_an_id_that_names_no_row_is_404_naming_the_field(applicant):
    _competition, client = applicant
    response = client.post(f"{API}/applications/", {"competition": 987654}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and problem_fields(response) == ["competition"]


def test_a_competition_the_caller_may_not_see_is_404_too(applicant):
    _competition, client = applicant
    draft = f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None)
    response = client.post(f"{API}/applications/", {"competition": draft.pk}, format="json")
    assert response.status_code == 404 and problem_fields(response) == ["competition"]


def test_the_pages_row_limit_holds_in_the_api(applicant):
    competition, client = applicant
    draft = client.post(f"{API}/applications/", {"competition": competition.pk}, format="json").json()
    line = {"category": "services", "description": "x", "quantity": "1", "unit_cost": "1.00"}
    response = client.patch(f"{API}/applications/{draft['id']}/", {
        "version": draft["version"], "budget_lines": [line] * (MAX_ROWS + 1)}, format="json")
    assert response.status_code == 400 and problem_fields(response) == ["budget_lines"]
    assert not Application.objects.get(pk=draft["id"]).budget_lines.exists()
    at_limit = client.patch(f"{API}/applications/{draft['id']}/", {
        "version": draft["version"], "budget_lines": [line] * MAX_ROWS}, format="json")
    assert at_limit.status_code == 200 and len(at_limit.json()["budget_lines"]) == MAX_ROWS


def test_the_pages_text_limit_holds_in_the_api(applicant):
    competition, client = applicant
    response = client.post(f"{API}/applications/", {"competition": competition.pk, "title": "x" * 301},
                           format="json")
    assert response.status_code == 400 and problem_fields(response) == ["title"]


def test_a_year_on_a_one_year_competition_is_refused_not_dropped(applicant):
    competition, client = applicant
    draft = client.post(f"{API}/applications/", {"competition": competition.pk}, format="json").json()
    response = client.patch(f"{API}/applications/{draft['id']}/", {"version": draft["version"], "budget_lines": [
        {"category": "services", "description": "x", "quantity": "1", "unit_cost": "1.00", "year": 2027}]},
        format="json")
    assert response.status_code == 400 and problem_fields(response) == ["budget_lines.0.year"]


@pytest.fixture
def scoring(db):
    competition = f.CompetitionFactory(status=CompetitionStatus.UNDER_REVIEW)
    criterion = f.CriterionFactory(rubric=f.RubricFactory(competition=competition, body=competition.body))
    other = f.CriterionFactory(rubric=f.RubricFactory())
    application = f.ApplicationFactory(competition=competition, status="admitted")
    expert = f.ExpertProfileFactory()
    assignment = f.AssignmentFactory(application=application, expert=expert, status="accepted")
    return forced_client(expert.user), f"{API}/assignments/{assignment.pk}/evaluation/", criterion, other


def test_a_score_for_a_criterion_not_in_the_rubric_is_refused(scoring):
    client, url, criterion, other = scoring
    response = client.put(url, {"scores": [{"criterion": criterion.pk, "value": "5"},
                                           {"criterion": other.pk, "value": "7"}]}, format="json")
    assert response.status_code == 400
    assert problem_fields(response) == [f"criterion:{other.pk}"]
    assert client.get(url).json()["total"] is None  # nothing was saved


def test_a_criterion_given_twice_is_refused(scoring):
    client, url, criterion, _other = scoring
    response = client.put(url, {"scores": [{"criterion": criterion.pk, "value": "5"},
                                           {"criterion": criterion.pk, "value": "7"}]}, format="json")
    assert response.status_code == 400 and problem_fields(response) == ["scores"]


def test_an_unknown_key_in_a_nested_score_is_refused(scoring):
    client, url, criterion, _other = scoring
    response = client.put(url, {"scores": [{"criterion": criterion.pk, "value": "5", "weight": "9"}]},
                          format="json")
    assert response.status_code == 400 and problem_fields(response) == ["scores.0.weight"]


def test_an_action_that_takes_no_data_refuses_data(db):
    competition = f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None)
    official = forced_client(f.OfficialMembershipFactory(body=competition.body, role="manager").user)
    response = official.post(f"{API}/competitions/{competition.pk}/publish/", {"force": True}, format="json")
    assert response.status_code == 400 and problem_fields(response) == ["force"]
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT


def test_an_inactive_expert_is_refused_from_the_pool(db):
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED)
    official = forced_client(f.OfficialMembershipFactory(body=competition.body, role="manager").user)
    inactive = f.ExpertProfileFactory(is_active=False)
    response = official.post(f"{API}/competitions/{competition.pk}/pool/", {"experts": [inactive.pk]},
                             format="json")
    assert response.status_code == 400 and problem_fields(response) == ["experts"]


def test_every_write_serializer_of_the_project_is_strict():
    """A serializer built on DRF's own classes would drop unknown keys again (portal/api_serializers.py)."""
    from django.urls import get_resolver
    from rest_framework import serializers

    from portal.api_serializers import StrictInputMixin

    get_resolver().url_patterns  # noqa: B018 - imports every API module
    projects = ("portal.", "competitions.", "applications.", "scoring.", "planning.", "projects.", "opendata.")
    loose = []
    pending = list(serializers.Serializer.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(projects) and not issubclass(cls, StrictInputMixin):
            loose.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not loose, "use `from portal import api_serializers as serializers`: " + ", ".join(sorted(loose))
