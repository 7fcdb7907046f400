"""The commission endpoint of the API: OPTIONS describes PUT instead of failing."""

import pytest

from tests import factories as f
from tests.api.helpers import forced_client

pytestmark = pytest.mark.django_db


def test_options_on_the_commission_answers_200_and_missing_competition_404():
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    competition = f.CompetitionFactory(body=body)
    client = forced_client(official)
    response = client.options(f"/api/v1/competitions/{competition.pk}/commission/")
    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]
    assert client.options("/api/v1/competitions/0/commission/").status_code == 200
