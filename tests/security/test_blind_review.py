"""[2.2] 5. Blind review stays blind: an assigned expert reaches a blind-review application only through the scoring
page, which names nobody; the generic page, its downloads and every application API route answer 404; identifying
documents are withheld and the others are served under a neutral name."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from scoring.enums import AssignmentStatus
from scoring.models import ConflictDeclaration
from tests import factories as f
from tests.applications.helpers import add_attachment

pytestmark = pytest.mark.django_db

ORGANISATION = "Qostanai Youth Media Foundation"


@pytest.fixture
def blind():
    """An expert with an accepted assignment (no conflict declared) on an admitted bid of a blind competition."""
    competition = f.CompetitionFactory(blind_review=True)
    rubric = f.RubricFactory(competition=competition, body=competition.body)
    f.CriterionFactory(rubric=rubric, order=1)
    organization = f.OrganizationFactory(name=ORGANISATION)
    application = f.ApplicationFactory(competition=competition, organization=organization, status="admitted")
    charter = add_attachment(application, "charter", f"{ORGANISATION} charter.pdf")
    budget = add_attachment(application, "budget_justification", f"{ORGANISATION} budget.pdf")
    assignment = f.AssignmentFactory(application=application, status=AssignmentStatus.ACCEPTED)
    ConflictDeclaration.objects.create(assignment=assignment, has_conflict=False)
    client = Client()
    client.force_login(assignment.expert.user)
    api = APIClient()
    api.force_authenticate(assignment.expert.user)
    return {"application": application, "assignment": assignment, "charter": charter, "budget": budget,
            "organization": organization, "client": client, "api": api}


def test_the_generic_application_page_and_its_downloads_are_404_for_the_expert(blind):
    """Before: GET /applications/<id>/ answered 200 with the organisation's name, and the charter downloaded.
    Now: 404 for both."""
    application, client = blind["application"], blind["client"]
    assert client.get(f"/applications/{application.pk}/").status_code == 404
    assert client.get(f"/applications/{application.pk}/documents/{blind['charter'].pk}/").status_code == 404
    assert client.get(f"/applications/{application.pk}/receipt/").status_code == 404


def test_every_application_api_route_is_404_for_the_expert(blind):
    """Before: GET /api/v1/applications/?organization=<id> listed the bid (the filter confirms who applied) and
    the detail answered 200. Now: the list is empty and the detail 404."""
    application, api = blind["application"], blind["api"]
    listed = api.get(f"/api/v1/applications/?organization={blind['organization'].pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert api.get("/api/v1/applications/").json()["count"] == 0
    assert api.get(f"/api/v1/applications/{application.pk}/").status_code == 404


def test_the_scoring_page_names_nobody_and_withholds_identifying_documents(blind):
    """Before: the scoring page listed the charter under the applicant's file name. Now: no organisation name
    anywhere on the page, no charter, the budget justification under a neutral name."""
    application, assignment, client = blind["application"], blind["assignment"], blind["client"]
    page = client.get(f"/review/{assignment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ORGANISATION not in html and application.organization.bin not in html
    assert f"/review/{assignment.pk}/documents/{blind['budget'].pk}/" in html
    assert f"/review/{assignment.pk}/documents/{blind['charter'].pk}/" not in html
    neutral = f"{application.registration_number}-budget_justification-1.pdf"
    assert neutral in html


def test_documents_are_served_under_a_neutral_name_and_identifying_ones_not_at_all(blind):
    assignment, client = blind["assignment"], blind["client"]
    budget = client.get(f"/review/{assignment.pk}/documents/{blind['budget'].pk}/")
    assert budget.status_code == 200
    disposition = budget["Content-Disposition"]
    assert "budget_justification-1.pdf" in disposition and "Qostanai" not in disposition
    assert client.get(f"/review/{assignment.pk}/documents/{blind['charter'].pk}/").status_code == 404


def test_without_blind_review_the_expert_keeps_the_generic_page_and_the_file_names(blind):
    competition = blind["application"].competition
    competition.blind_review = False
    competition.save(update_fields=["blind_review"])
    application, assignment, client = blind["application"], blind["assignment"], blind["client"]
    assert client.get(f"/applications/{application.pk}/").status_code == 200
    charter = client.get(f"/review/{assignment.pk}/documents/{blind['charter'].pk}/")
    assert charter.status_code == 200 and "charter.pdf" in charter["Content-Disposition"]


def test_another_expert_cannot_download_through_the_scoring_route(blind):
    other = Client()
    other.force_login(f.ExpertProfileFactory().user)
    assert other.get(f"/review/{blind['assignment'].pk}/documents/{blind['budget'].pk}/").status_code == 404
