"""The observed draw, the open register and the track records through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from competitions.enums import CompetitionStatus
from scoring.assignment.draw import draw_verify
from scoring.experts.services import pool_add
from tests import factories as f

from .helpers import PDF_BYTES, forced_client

pytestmark = pytest.mark.django_db


def test_draw_commit_hides_the_seed_until_the_run_and_the_file_verifies():
    competition = f.CompetitionFactory(status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2)
    official_user = f.OfficialMembershipFactory(body=competition.body).user
    for _ in range(3):
        f.ApplicationFactory(competition=competition, status="admitted")
    pool_add(competition=competition, experts=[f.ExpertProfileFactory() for _ in range(3)], actor=official_user)
    official, public = forced_client(official_user), APIClient()
    short = official.post(f"/api/v1/competitions/{competition.pk}/draws/", {"seed": "short"}, format="json")
    assert short.status_code == 400 and short.json()["problems"][0]["field"] == "seed"
    committed = official.post(f"/api/v1/competitions/{competition.pk}/draws/", {}, format="json")
    assert committed.status_code == 201 and committed.json()["seed"] is None
    draw = committed.json()["id"]
    listed = public.get(f"/api/v1/competitions/{competition.pk}/draws/").json()
    assert listed[0]["seed"] is None and len(listed[0]["seed_sha256"]) == 64
    assert "seed" not in public.get(f"/api/v1/competitions/{competition.pk}/draws/{draw}/file/").json()
    ran = official.post(f"/api/v1/competitions/{competition.pk}/draws/{draw}/run/")
    assert ran.status_code == 200 and ran.json()["status"] == "revealed" and len(ran.json()["pairs"]) == 6
    published = public.get(f"/api/v1/competitions/{competition.pk}/draws/{draw}/file/").json()
    assert published["seed"] == ran.json()["seed"]
    assert draw_verify(published) == []


def test_apply_to_the_register_and_vet_through_the_api():
    person = forced_client(f.UserFactory())
    area = f.priority_area()
    response = person.post("/api/v1/expert-applications/", {
        "full_name": "Сапарова Айгерім", "qualifications": "Eight years.", "priority_areas": [area.pk],
        "languages": ["kk"], "accept_code": True,
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")}, format="multipart")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "submitted" and len(response.json()["cv_sha256"]) == 64
    official = forced_client(f.OfficialMembershipFactory().user)
    refused = official.post(f"/api/v1/expert-applications/{pk}/decide/", {"approve": False}, format="json")
    assert refused.status_code == 400 and refused.json()["problems"][0]["field"] == "reason"
    approved = official.post(f"/api/v1/expert-applications/{pk}/decide/", {"approve": True}, format="json")
    assert approved.json()["status"] == "approved" and approved.json()["valid_until"]
    assert [a["id"] for a in person.get("/api/v1/expert-applications/").json()] == [pk]
