"""Applications through the API: start, optimistic locking, validation per field, submission problems,
withdrawal, visibility, the officials' return with a correction deadline."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application
from competitions.models import Competition
from portal.reference.calendar import add_working_days
from tests import factories as f

from .helpers import PDF_BYTES, application_content, forced_client


@pytest.fixture
def setup(db):
    competition = f.CompetitionFactory()
    f.RequiredDocumentFactory(competition=competition, document_type="charter")
    ngo = f.MembershipFactory().user
    client = forced_client(ngo)
    draft = client.post("/api/v1/applications/", {"competition": competition.pk}, format="json").json()
    return competition, ngo, client, draft


def test_start_gives_a_draft_of_my_organisation(setup):
    competition, ngo, client, draft = setup
    assert draft["status"] == "draft" and draft["competition"] == competition.pk
    assert draft["organization"] == ngo.memberships.get().organization_id and draft["requested_amount"] == "0.00"
    again = client.post("/api/v1/applications/", {"competition": competition.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "too_many_applications"


def test_non_members_may_not_apply(db):
    competition = f.CompetitionFactory()
    response = forced_client(f.ExpertProfileFactory().user).post("/api/v1/applications/",
                                                                 {"competition": competition.pk}, format="json")
    assert response.status_code == 403


def test_stale_version_is_409_and_nothing_is_saved(setup):
    _competition, _ngo, client, draft = setup
    first = client.patch(f"/api/v1/applications/{draft['id']}/", {"version": draft["version"], "title": "One"},
                         format="json")
    assert first.status_code == 200 and first.json()["version"] > draft["version"]
    stale = client.patch(f"/api/v1/applications/{draft['id']}/", {"version": draft["version"], "title": "Two"},
                         format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert Application.objects.get(pk=draft["id"]).title == "One"


def test_budget_lines_are_checked_by_the_pages_rules_and_the_amount_is_derived(setup):
    _competition, _ngo, client, draft = setup
    bad = client.patch(f"/api/v1/applications/{draft['id']}/", {"version": draft["version"], "budget_lines": [
        {"category": "services", "description": "Trainers", "quantity": "0", "unit_cost": "100.00"}]},
        format="json")
    assert bad.status_code == 400 and "quantity" in bad.json()["budget_lines"]["0"]
    good = client.patch(f"/api/v1/applications/{draft['id']}/", application_content(draft["version"]),
                        format="json")
    assert good.status_code == 200
    assert good.json()["requested_amount"] == "2000000.00"
    assert [line["amount"] for line in good.json()["budget_lines"]] == ["1500000.00", "500000.00"]


def test_submission_lists_every_problem_then_succeeds(setup):
    _competition, _ngo, client, draft = setup
    refused = client.post(f"/api/v1/applications/{draft['id']}/submit/")
    assert refused.status_code == 400 and refused.json()["code"] == "submission_refused"
    assert {"title", "document:charter"} <= {p["field"] for p in refused.json()["problems"]}
    version = client.patch(f"/api/v1/applications/{draft['id']}/", application_content(draft["version"]),
                           format="json").json()["version"]
    upload = client.post(f"/api/v1/applications/{draft['id']}/attachments/",
                         {"document_type": "charter", "file": SimpleUploadedFile("c.pdf", PDF_BYTES)},
                         format="multipart")
    assert upload.status_code == 201 and len(upload.json()["sha256"]) == 64
    submitted = client.post(f"/api/v1/applications/{draft['id']}/submit/").json()
    assert submitted["status"] == "submitted" and submitted["registration_number"]
    assert client.patch(f"/api/v1/applications/{draft['id']}/", {"version": version + 1, "title": "x"},
                        format="json").status_code == 403
    assert client.post(f"/api/v1/applications/{draft['id']}/withdraw/").json()["status"] == "withdrawn"


def test_an_attachment_is_refused_by_content(setup):
    _competition, _ngo, client, draft = setup
    response = client.post(f"/api/v1/applications/{draft['id']}/attachments/",
                           {"document_type": "charter", "file": SimpleUploadedFile("c.pdf", b"MZ\x90\x00 not a pdf")},
                           format="multipart")
    assert response.status_code == 400


def test_officials_never_see_drafts(setup):
    competition, _ngo, _client, draft = setup
    official = forced_client(f.OfficialMembershipFactory(body=competition.body).user)
    assert official.get(f"/api/v1/applications/{draft['id']}/").status_code == 404
    assert official.get("/api/v1/applications/").json()["count"] == 0


def test_return_with_a_correction_deadline(db):
    competition = f.CompetitionFactory()
    application = f.ApplicationFactory(competition=competition, status="submitted")
    Competition.objects.filter(pk=competition.pk).update(status="closed", closes_at=timezone.now() - timedelta(1))
    official = forced_client(f.OfficialMembershipFactory(body=competition.body).user)
    deadline = add_working_days(timezone.localdate(), 8)  # a working day: kept as it is
    response = official.post(f"/api/v1/applications/{application.pk}/return/",
                             {"reasons": [{"item": "Budget", "reason": "Split the rent."}],
                              "correction_deadline": deadline.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "returned" and data["return_reasons"][0]["reason"] == "Split the rent."
    assert data["correction_deadline"].startswith(deadline.isoformat())
    again = official.post(f"/api/v1/applications/{application.pk}/admit/")
    assert again.status_code == 409 and "returned" in again.json()["detail"]


def test_admit_while_the_competition_is_open_is_409(db):
    competition = f.CompetitionFactory()
    application = f.ApplicationFactory(competition=competition, status="submitted")
    official = forced_client(f.OfficialMembershipFactory(body=competition.body).user)
    response = official.post(f"/api/v1/applications/{application.pk}/admit/")
    assert response.status_code == 409 and response.json()["code"] == "admission_not_open"
