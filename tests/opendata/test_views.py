import hashlib

import pytest
from django.conf import settings

from opendata.models import DataFile
from opendata.services import opendata_regenerate

from .helpers import awarded, results_competition

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    awarded(results_competition())
    opendata_regenerate()


@pytest.mark.parametrize("language, words", [
    ("kk", ["Ашық деректер", "Деректер сөздігі", "Лицензия", "Қалай сілтеме жасау керек"]),
    ("ru", ["Открытые данные", "Словарь данных", "Лицензия", "Как ссылаться"]),
    ("en", ["Open data", "Data dictionary", "Licence", "How to cite"]),
])
def test_the_page_lists_the_files_with_the_dictionary_licence_and_citation(client, generated, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    for row in DataFile.objects.all():
        assert f'href="/open-data/files/{row.name}"' in html and row.sha256 in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert "<code>amountAwarded</code>" in html


def test_before_any_generation_the_page_says_so(client):
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert "The files have not been generated yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_page_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        awarded(results_competition())
    opendata_regenerate()
    client.get("/open-data/")
    with django_assert_num_queries(1):  # the files; nothing else (anonymous, no session)
        assert client.get("/open-data/").status_code == 200


@pytest.mark.parametrize("name, content_type", [
    ("360giving-grants.json", "application/json"), ("360giving-grants.csv", "text/csv; charset=utf-8"),
    ("ocds-releases.json", "application/json"), ("ocds-records.json", "application/json")])
def test_each_file_is_served_with_its_content_type_and_hash(client, generated, name, content_type):
    response = client.get(f"/open-data/files/{name}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    row = DataFile.objects.get(name=name)
    assert response["Content-Type"] == content_type
    assert response["ETag"] == f'"{row.sha256}"' and hashlib.sha256(body).hexdigest() == row.sha256
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_or_not_generated_files_are_404(client):
    awarded(results_competition(status="under_review", results_published_at=None))
    opendata_regenerate()  # no grant yet: the 360Giving files have no content
    assert client.get("/open-data/files/360giving-grants.json").status_code == 404
    assert client.get("/open-data/files/ocds-releases.json").status_code == 200
    assert client.get("/open-data/files/..%2Fsettings.py").status_code == 404
