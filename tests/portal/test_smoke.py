import pytest

from tests import factories as f


@pytest.mark.django_db
def test_competition_list_shows_published_competition(client):
    competition = f.CompetitionFactory()
    response = client.get("/competitions/")
    assert response.status_code == 200
    assert competition.reference in response.content.decode()
