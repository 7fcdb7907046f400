import pytest
from rest_framework.test import APIClient

from opendata import standards
from opendata.services import opendata_regenerate
from tests import factories as f

from .helpers import awarded, results_competition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    body, other_body = f.GovernmentBodyFactory(), f.GovernmentBodyFactory()
    youth, health = f.priority_area("youth"), f.priority_area("health")
    kostanay, akmola = f.region("kostanay"), f.region("akmola")
    a = results_competition(year=2026, body=body, priority_area=youth, regions=[kostanay])
    b = results_competition(year=2025, body=other_body, priority_area=health, regions=[akmola, kostanay])
    grants = {"a": awarded(a), "b": awarded(b)}
    return {"body": body, "other_body": other_body, "youth": youth, "health": health, "kostanay": kostanay,
            "akmola": akmola, "a": a, "b": b, "grants": grants}


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _ocids(response):
    assert response.status_code == 200, response.content
    return [row["ocid"].rpartition("ocds-kzsz01-")[2] for row in response.json()["results"]]


def test_grants_by_year_body_region_and_priority_area(world):
    client = APIClient()
    a, b = (f"360G-kzsz-{world['grants'][k].registration_number}" for k in ("a", "b"))
    assert sorted(_ids(client.get("/api/v1/open-data/grants/"))) == sorted([a, b])
    assert _ids(client.get("/api/v1/open-data/grants/", {"year": 2025})) == [b]
    assert _ids(client.get("/api/v1/open-data/grants/", {"body": world["body"].pk})) == [a]
    assert sorted(_ids(client.get("/api/v1/open-data/grants/", {"region": world["kostanay"].pk}))) == sorted([a, b])
    assert _ids(client.get("/api/v1/open-data/grants/", {"region": world["akmola"].pk})) == [b]
    assert _ids(client.get("/api/v1/open-data/grants/", {"priority_area": world["youth"].pk})) == [a]
    assert _ids(client.get("/api/v1/open-data/grants/", {"year": 2026, "priority_area": world["health"].pk})) == []


def test_records_by_the_same_filters_and_each_record_validates(world):
    client = APIClient()
    assert _ocids(client.get("/api/v1/open-data/records/", {"year": 2026})) == [world["a"].reference]
    assert _ocids(client.get("/api/v1/open-data/records/", {"body": world["other_body"].pk})) == [world["b"].reference]
    assert _ocids(client.get("/api/v1/open-data/records/", {"region": world["akmola"].pk})) == [world["b"].reference]
    response = client.get("/api/v1/open-data/records/", {"priority_area": world["youth"].pk})
    [record] = response.json()["results"]
    assert standards.problems(standards.OCDS_RELEASE, record["compiledRelease"]) == []
    grant = client.get("/api/v1/open-data/grants/").json()["results"][0]
    assert standards.problems(standards.GIVING_GRANT, grant) == []


@pytest.mark.parametrize("params, field", [({"region": "x"}, "region"), ({"body": ""}, "body"),
                                           ({"year": 1066}, "year"), ({"priority_area": "1.5"}, "priority_area")])
def test_bad_filters_are_a_400_naming_the_field(params, field):
    for url in ("/api/v1/open-data/grants/", "/api/v1/open-data/records/"):
        response = APIClient().get(url, params)
        assert response.status_code == 400
        assert field in response.json()


@pytest.mark.parametrize("params", [{"body": 999999}, {"region": 999999}, {"priority_area": 0}])
def test_an_id_no_row_has_finds_nothing_as_on_every_list(params):
    results_competition()
    for url in ("/api/v1/open-data/grants/", "/api/v1/open-data/records/"):
        response = APIClient().get(url, params)
        assert (response.status_code, response.json()["count"], response.json()["results"]) == (200, 0, [])


def test_pages_like_every_list():
    competition = results_competition()
    for _ in range(27):
        awarded(competition)
    page = APIClient().get("/api/v1/open-data/grants/").json()
    assert (page["count"], len(page["results"]), page["previous"]) == (27, 25, None)
    assert page["next"].endswith("/api/v1/open-data/grants/?page=2")


@pytest.mark.parametrize("count", [1, 6])
def test_query_counts(count, django_assert_num_queries):
    for _ in range(count):
        competition = results_competition()
        awarded(competition)
        awarded(competition)
    opendata_regenerate()
    client = APIClient()
    client.get("/api/v1/open-data/grants/")  # warm the caches
    # count, page (competition, body, area, organisation, region), regions, projects (disbursed, opendata.contracts)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/open-data/grants/").json()["count"] == 2 * count
    # count, page (body, area, plan item), regions, winners (organisation), agreements (opendata.contracts)
    with django_assert_num_queries(5):
        assert client.get("/api/v1/open-data/records/").json()["count"] == count
    with django_assert_num_queries(1):
        files = client.get("/api/v1/open-data/files/").json()
    assert [(row["name"], row["records"]) for row in files] == [
        ("360giving-grants.json", 2 * count), ("360giving-grants.csv", 2 * count),
        ("ocds-releases.json", 2 * count), ("ocds-records.json", count)]
    assert files[0]["url"].endswith("/open-data/files/360giving-grants.json")


def test_results_publication_date_is_the_award_date(world):
    grant = APIClient().get("/api/v1/open-data/grants/", {"year": 2025}).json()["results"][0]
    assert grant["awardDate"] == "2025-04-30T12:00:00+05:00"
