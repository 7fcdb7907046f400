"""The answers issue [2.8] settled for the late endpoints: what the schema states is what the server enforces, and
a refusal caused by the present state is a 409 (a row that must exist: 404), never a 400 for a schema-valid body."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from competitions.enums import CompetitionStatus
from scoring.models import ExpertFee
from tests import factories as f

from .helpers import PDF_BYTES, forced_client

pytestmark = pytest.mark.django_db


def _schema(tmp_path):
    path = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(path))
    schema = json.loads(path.read_text())
    return schema, schema["components"]["schemas"]


def test_the_schema_states_what_the_expert_application_and_the_fee_require(tmp_path):
    schema, components = _schema(tmp_path)
    body = schema["paths"]["/api/v1/expert-applications/"]["post"]["requestBody"]["content"]
    assert list(body) == ["multipart/form-data"]  # a CV travels only in a multipart body
    apply = components["ExpertApplicationCreateRequest"]
    assert {"cv", "accept_code", "languages", "priority_areas", "full_name", "qualifications"} <= set(apply["required"])
    accept = apply["properties"]["accept_code"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert components[accept]["enum"] == [True]
    assert apply["properties"]["languages"]["minItems"] == 1 and apply["properties"]["priority_areas"]["minItems"] == 1
    fee = components["FeeRequest"]["properties"]["amount_per_evaluation"]
    assert fee["pattern"] == r"^\d{1,8}(?:\.\d{0,2})?$"  # no sign: a fee is never negative


def _application(client, area, **extra):
    return client.post("/api/v1/expert-applications/", {
        "full_name": "Сапарова Айгерім", "qualifications": "Eight years.", "priority_areas": [area.pk],
        "languages": ["kk"], "accept_code": True, **extra,
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")}, format="multipart")


def test_an_expert_application_refuses_a_refused_code_and_a_second_one_waiting_is_a_conflict():
    person, area = forced_client(f.UserFactory()), f.priority_area()
    refused = _application(person, area, accept_code=False)
    assert refused.status_code == 400 and refused.json()["problems"][0]["field"] == "accept_code"
    assert _application(person, area).status_code == 201
    again = _application(person, area)
    assert again.status_code == 409 and "awaits vetting" in again.json()["problems"][0]["message"]


def test_completion_acts_before_the_results_are_a_conflict_and_set_no_fee():
    competition = f.CompetitionFactory(status=CompetitionStatus.UNDER_REVIEW)
    official = forced_client(f.OfficialMembershipFactory(body=competition.body).user)
    url = f"/api/v1/competitions/{competition.pk}/completion-acts/"
    response = official.post(url, {"amount_per_evaluation": "15000.00"}, format="json")
    assert response.status_code == 409
    assert not ExpertFee.objects.filter(competition=competition).exists()
    negative = official.post(url, {"amount_per_evaluation": "-1"}, format="json")
    assert negative.status_code == 400 and negative.json()["problems"][0]["field"] == "amount_per_evaluation"
