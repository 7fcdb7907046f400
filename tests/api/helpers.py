"""Shared builders for the API tests: token clients and a complete application payload."""

from rest_framework.test import APIClient

from tests import factories as f

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def token_client(user):
    """An APIClient that signs in with a token obtained through the API itself."""
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"email": user.email, "password": f.PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def forced_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def application_content(version, *, services_cost="150000.00", title="Youth media centre"):
    """A PATCH body that makes a draft complete: texts, one activity, one indicator, a 2 000 000 KZT budget
    (10 x services_cost of services plus 500 000 of administrative costs by default)."""
    return {
        "version": version,
        "title": title,
        "summary": "A media centre for young people in Kostanay.",
        "problem": "Young people lack media skills.",
        "goals": "Teach 200 young people.",
        "target_group": "Young people aged 14-29.",
        "beneficiaries_count": 200,
        "team": "Project lead, two trainers, an accountant.",
        "sustainability": "The centre continues with volunteers.",
        "activities": [{"title": "Trainings", "starts_on": "2026-03-01", "ends_on": "2026-06-30"}],
        "indicators": [{"name": "Trained", "unit": "people", "baseline": "0", "target": "200"}],
        "budget_lines": [
            {"category": "services", "description": "Trainers", "quantity": "10", "unit_cost": services_cost},
            {"category": "administrative", "description": "Rent", "quantity": "5", "unit_cost": "100000.00"},
        ],
    }
