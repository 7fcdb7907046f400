import pytest
from rest_framework.test import APIClient

from tests import factories as f


@pytest.mark.django_db
def test_token_for_valid_credentials_authenticates_requests():
    user = f.UserFactory(email="ngo@example.kz")
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"email": "ngo@example.kz", "password": f.PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 64  # knox: only its SHA-512 digest is stored
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/regions/").wsgi_request.user == user


@pytest.mark.django_db
def test_token_refused_for_wrong_password():
    f.UserFactory(email="ngo@example.kz")
    response = APIClient().post("/api/v1/auth/token/", {"email": "ngo@example.kz", "password": "nope"}, format="json")
    assert response.status_code in (401, 403)
    assert "token" not in response.json()


@pytest.mark.django_db
def test_regions_list_has_the_twenty_regions_paginated():
    response = APIClient().get("/api/v1/regions/?page_size=50")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 20
    assert {"id", "code", "name"} <= set(body["results"][0])


@pytest.mark.django_db
def test_priority_areas_filter_by_code():
    response = APIClient().get("/api/v1/priority-areas/?code=youth")
    assert [row["code"] for row in response.json()["results"]] == ["youth"]


@pytest.mark.django_db
def test_regions_list_query_count(django_assert_num_queries):
    with django_assert_num_queries(2):  # count + page
        APIClient().get("/api/v1/regions/")
