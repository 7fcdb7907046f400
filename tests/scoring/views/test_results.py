"""Public results, the snapshot JSON and an applicant's results and appeal (scoring.views.results, .appeals)."""

import hashlib

import pytest
from django.urls import reverse

from scoring.models import Assignment, RankingSnapshot
from scoring.ranking.services import ranking_freeze
from tests import factories as f
from tests.scoring.views.results_world import make

pytestmark = pytest.mark.django_db


def test_public_results_page_shows_the_snapshot_and_no_expert_personal_data(client, official):
    competition, apps, _ngo = make(official)
    snapshot = RankingSnapshot.objects.get(competition=competition)
    response = client.get(f"/competitions/{competition.reference}/results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert snapshot.sha256 in html
    assert "sha256sum" in html
    for application in apps:
        assert application.registration_number in html
    ranking, experts = html.split('id="experts"')  # the list of experts who scored comes after the ranking
    for assignment in Assignment.objects.filter(application__competition=competition).select_related("expert__user"):
        user = assignment.expert.user
        assert user.email not in html
        assert user.full_name not in ranking  # never beside a score
        assert user.full_name in experts  # names (and areas) are published with the results
    assert "Overall comment" not in html and "Comment on" not in html


def test_the_canonical_json_download_hashes_to_the_published_hash(client, official):
    competition, _apps, _ngo = make(official)
    snapshot = RankingSnapshot.objects.get(competition=competition)
    response = client.get(reverse("results:snapshot_json", args=[competition.reference, snapshot.number]))
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == snapshot.sha256
    assert "attachment" in response["Content-Disposition"]


def test_unpublished_snapshot_json_is_not_public(client, official):
    competition, _apps, _ngo = make(official, publish=False)
    ranking_freeze(competition=competition, actor=official)
    url = reverse("results:snapshot_json", args=[competition.reference, 1])
    assert client.get(url).status_code == 404
    assert client.get(f"/competitions/{competition.reference}/results/").status_code == 404
    client.force_login(official)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_public_results_query_count(client, official, django_assert_num_queries, count):
    competition, _apps, _ngo = make(official, n=count)
    # The same for 1 and 12 applications (was 5 while read from the audit log); +1: the commission's public
    # extract; +2: the experts who scored and their priority areas.
    with django_assert_num_queries(7):
        client.get(f"/competitions/{competition.reference}/results/")


def test_applicant_sees_anonymous_expert_scores_and_comments_and_appeals(client, official):
    competition, apps, ngo_user = make(official)
    client.force_login(ngo_user)
    url = reverse("results:application", args=[apps[0].pk])
    html = client.get(url).content.decode()
    assert "Expert 1" in html and "Expert 2" in html
    assert "Comment on 1 by expert 1" in html and "Overall comment 2" in html
    for assignment in Assignment.objects.filter(application=apps[0]).select_related("expert__user"):
        assert assignment.expert.user.email not in html
    response = client.post(reverse("results:appeal_file", args=[apps[0].pk]), {"reason": ""})
    assert response.status_code == 400
    assert 'id="reason_error"' in response.content.decode()
    response = client.post(reverse("results:appeal_file", args=[apps[0].pk]), {"reason": "Criterion 2"})
    assert response.status_code == 302
    assert "Criterion 2" in client.get(url).content.decode()


def test_other_ngo_cannot_see_an_applicants_results(client, official):
    competition, apps, _ngo = make(official)
    client.force_login(f.MembershipFactory().user)
    assert client.get(reverse("results:application", args=[apps[0].pk])).status_code == 404
