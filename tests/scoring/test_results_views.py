import hashlib

import pytest
from django.test import TestCase
from django.urls import reverse

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from scoring.enums import ReportStatus
from scoring.models import Assignment, RankingSnapshot, Report
from scoring.services import ranking_freeze, results_publish
from tests import factories as f

from .results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db


def make(official, n=3, publish=True):
    competition = ranked_competition(weights=("1", "2"), total_budget="5000000")
    f.OfficialMembershipFactory(user=official, body=competition.body)
    ngo = f.MembershipFactory()
    apps = [scored_application(competition, [[5 + i % 4, 6], [6, 7 - i % 3]],
                               organization=ngo.organization if i == 0 else None) for i in range(n)]
    if publish:
        ranking_freeze(competition=competition, actor=official)
        competition.refresh_from_db()
        with TestCase.captureOnCommitCallbacks(execute=True):
            results_publish(competition=competition, actor=official)
        competition.refresh_from_db()
    return competition, apps, ngo.user


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
    for assignment in Assignment.objects.filter(application__competition=competition).select_related("expert__user"):
        user = assignment.expert.user
        assert user.email not in html
        assert user.full_name not in html
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
    with django_assert_num_queries(5):  # the same for 1 and 12 applications
        client.get(f"/competitions/{competition.reference}/results/")


@pytest.mark.parametrize("count", [1, 12])
def test_official_ranking_page_query_count(client, official, django_assert_num_queries, count):
    competition, _apps, _ngo = make(official, n=count, publish=False)
    client.force_login(official)
    client.get(reverse("results:ranking", args=[competition.reference]))  # warm the role cache
    with django_assert_num_queries(15):
        response = client.get(reverse("results:ranking", args=[competition.reference]))
    assert response.status_code == 200


def test_official_freezes_publishes_and_gets_a_report_through_the_pages(client, official):
    competition, apps, _ngo = make(official, publish=False)
    client.force_login(official)
    page = client.get(reverse("results:ranking", args=[competition.reference]))
    assert "Computed ranking" in page.content.decode()
    response = client.post(reverse("results:freeze", args=[competition.reference]), {"divergence_note": ""})
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RANKED
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("results:report_request", args=[competition.reference, 1]),
                               {"format": "pdf"})
    report = Report.objects.get()
    assert response["Location"] == reverse("results:report", args=[competition.reference, report.pk])
    state = client.get(reverse("results:report_status", args=[competition.reference, report.pk])).json()
    assert (state["status"], state["progress"]) == (ReportStatus.DONE, 100)
    download = client.get(state["download_url"])
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == report.__class__.objects.get().sha256
    page = client.get(reverse("results:report", args=[competition.reference, report.pk])).content.decode()
    assert state["download_url"] in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("results:publish", args=[competition.reference]))
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RESULTS_PUBLISHED
    apps[0].refresh_from_db()
    assert apps[0].status in {ApplicationStatus.WINNER, ApplicationStatus.RESERVE}


def test_blocked_freeze_shows_the_blockers(client, official):
    competition = ranked_competition(weights=("1",), experts=2)
    f.OfficialMembershipFactory(user=official, body=competition.body)
    short = scored_application(competition, [[5]])
    client.force_login(official)
    response = client.post(reverse("results:freeze", args=[competition.reference]))
    assert response.status_code == 409
    assert short.registration_number in response.content.decode()


def test_divergence_note_required_is_shown_beside_the_field(client, official):
    competition = ranked_competition(weights=("1",), divergence="10")
    f.OfficialMembershipFactory(user=official, body=competition.body)
    scored_application(competition, [[2], [9]])
    client.force_login(official)
    response = client.post(reverse("results:freeze", args=[competition.reference]), {"divergence_note": ""})
    assert response.status_code == 400
    assert 'id="divergence_note_error"' in response.content.decode()


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
