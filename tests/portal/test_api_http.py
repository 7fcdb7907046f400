"""Every answer under /api/ is JSON in the one error shape; pages and filters answer as the schema says."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from competitions.enums import CompetitionStatus
from tests import factories as f

ERROR_KEYS = {"detail", "code"}


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert ERROR_KEYS <= set(body) and body["code"] == code, body


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*", ""])
def test_an_unmatched_route_is_a_json_404_whatever_accept_says(accept):
    for path in ["/api/v1/competitions/null,null/audit/", "/api/v1/nothing-here/", "/api/v2/"]:
        assert_json_error(Client().get(path, HTTP_ACCEPT=accept), 404, "not_found")


@pytest.mark.django_db
def test_a_detail_that_does_not_exist_is_a_json_404_even_for_html_clients():
    assert_json_error(APIClient().get("/api/v1/competitions/987654/", HTTP_ACCEPT="text/html"), 404, "not_found")


@pytest.mark.django_db
def test_a_method_the_route_does_not_have_is_a_json_405_with_allow():
    response = APIClient().delete("/api/v1/regions/", HTTP_ACCEPT="text/html")
    assert_json_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_wrong_token_is_a_json_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_json_error(client.get("/api/v1/regions/"), 401, "authentication_failed")


@pytest.mark.django_db
def test_the_api_has_no_html_renderer_and_no_format_switch():
    response = APIClient().get("/api/v1/regions/", {"format": "api"}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "1.0"])
def test_a_malformed_page_is_refused_naming_it(page):
    response = APIClient().get("/api/v1/regions/", {"page": page})
    assert_json_error(response, 400, "invalid")
    assert [p["field"] for p in response.json()["problems"]] == ["page"]


@pytest.mark.django_db
def test_a_page_past_the_end_is_404():
    assert APIClient().get("/api/v1/regions/", {"page": "1"}).status_code == 200
    assert_json_error(APIClient().get("/api/v1/regions/", {"page": "999"}), 404, "not_found")


@pytest.mark.django_db
def test_a_filter_by_an_id_no_row_has_finds_nothing():
    f.CompetitionFactory()
    response = APIClient().get("/api/v1/competitions/", {"priority_area": 987654})
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"open": "maybe"}, {"open": ""}, {"priority_area": "x"}, {"status": "nope"}])
def test_a_filter_value_of_the_wrong_kind_is_400_naming_it(query):
    response = APIClient().get("/api/v1/competitions/", query)
    assert_json_error(response, 400, "invalid")
    assert [p["field"] for p in response.json()["problems"]] == list(query)


@pytest.mark.django_db
def test_the_pool_is_paginated_like_every_list():
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED)
    official = APIClient()
    official.force_authenticate(f.OfficialMembershipFactory(body=competition.body, role="manager").user)
    experts = [f.ExpertProfileFactory() for _ in range(3)]
    assert official.post(f"/api/v1/competitions/{competition.pk}/pool/", {"experts": [e.pk for e in experts]},
                         format="json").status_code == 200
    body = official.get(f"/api/v1/competitions/{competition.pk}/pool/").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 3
