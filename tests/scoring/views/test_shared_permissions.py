"""Pages and API ask the same permission for freezing, publishing results and deciding an appeal: when the
one rule refuses, both refuse; when it allows, both act."""

import pytest
import rules
from django.urls import reverse
from rules.predicates import always_deny

from competitions.enums import CompetitionStatus
from scoring.appeals.services import appeal_file
from scoring.enums import AppealStatus
from scoring.models import Appeal, RankingSnapshot
from tests.api.helpers import forced_client
from tests.scoring.results_world import published_competition
from tests.scoring.views.results_world import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def denied():
    """Replace one permission by "nobody" for the length of a test."""
    replaced = {}

    def deny(name):
        replaced[name] = rules.permissions.permissions[name]
        rules.set_perm(name, always_deny)

    yield deny
    for name, predicate in replaced.items():
        rules.set_perm(name, predicate)


def test_freeze_asks_the_same_permission_on_the_page_and_in_the_api(client, official, denied):
    competition, _apps, _ngo = make(official, publish=False)
    denied("scoring.freeze_ranking")
    client.force_login(official)
    assert client.post(reverse("results:freeze", args=[competition.reference]), {}).status_code == 403
    api = forced_client(official)
    assert api.post(f"/api/v1/competitions/{competition.pk}/ranking/freeze/", {}, format="json").status_code == 403
    assert not RankingSnapshot.objects.filter(competition=competition).exists()


def test_publish_asks_the_same_permission_on_the_page_and_in_the_api(client, official, denied):
    competition, _apps, _ngo = make(official, publish=False)
    forced_client(official).post(f"/api/v1/competitions/{competition.pk}/ranking/freeze/", {}, format="json")
    denied("scoring.publish_results")
    client.force_login(official)
    assert client.post(reverse("results:publish", args=[competition.reference])).status_code == 403
    api = forced_client(official)
    assert api.post(f"/api/v1/competitions/{competition.pk}/publish-results/").status_code == 403
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RANKED


def test_deciding_an_appeal_asks_the_same_permission_on_the_page_and_in_the_api(client, official, denied):
    competition, _a, b, _user_a, user_b = published_competition(official)
    appeal = appeal_file(application=b, reason="Criterion 1 misread", actor=user_b,
                         now=competition.results_published_at)
    denied("scoring.decide_appeal")
    data = {"decision": AppealStatus.DISMISSED, "reasoning": "Scores are consistent"}
    client.force_login(official)
    assert client.post(reverse("results:appeal", args=[competition.reference, appeal.pk]), data).status_code == 403
    assert forced_client(official).post(f"/api/v1/appeals/{appeal.pk}/decide/", data,
                                        format="json").status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.PENDING


def test_with_the_permission_both_act(client, official):
    competition, _a, b, _user_a, user_b = published_competition(official)
    first = appeal_file(application=b, reason="Criterion 1 misread", actor=user_b, now=competition.results_published_at)
    client.force_login(official)
    response = client.post(reverse("results:appeal", args=[competition.reference, first.pk]),
                           {"decision": AppealStatus.DISMISSED, "reasoning": "Scores are consistent"})
    assert response.status_code == 302
    second = appeal_file(application=b, reason="Once more", actor=user_b, now=competition.results_published_at)
    response = forced_client(official).post(f"/api/v1/appeals/{second.pk}/decide/", {
        "decision": AppealStatus.DISMISSED, "reasoning": "Still consistent"}, format="json")
    assert response.status_code == 200
    # A decided appeal is a state conflict in the API (409), never a permission question.
    response = forced_client(official).post(f"/api/v1/appeals/{second.pk}/decide/", {
        "decision": AppealStatus.DISMISSED, "reasoning": "Again"}, format="json")
    assert response.status_code == 409
