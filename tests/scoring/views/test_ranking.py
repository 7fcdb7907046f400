"""The official's ranking pages: freeze, publish, reports (scoring.views.ranking, .reports)."""

import hashlib

import pytest
from django.test import TestCase
from django.urls import reverse

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from scoring.enums import ReportStatus
from scoring.models import Report
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application
from tests.scoring.views.results_world import make

pytestmark = pytest.mark.django_db


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
    refused = client.post(reverse("results:publish", args=[competition.reference]), follow=True)
    assert "The commission has not approved this ranking" in refused.content.decode()
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RANKED
    f.approve_ranking(competition, actor=official)
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


def test_the_publish_page_shows_the_frozen_ranking_its_money_chart_and_what_becomes_public(client, official):
    competition, apps, _ngo = make(official, publish=False)
    client.force_login(official)
    client.post(reverse("results:freeze", args=[competition.reference]), {"divergence_note": ""})
    f.approve_ranking(competition, actor=official)  # publication needs the commission's approval
    page = client.get(reverse("results:ranking", args=[competition.reference])).content.decode()
    start = page.index('<section class="publish-preview"')
    preview = page[start:page.index("</section>", start)]
    assert "What you are about to publish" in preview and "Publishing makes public" in preview
    for application in apps:
        assert application.registration_number in preview
    assert "<svg" in preview and "Distribution of final scores" in preview and "pass threshold" in preview
    assert "Awarded" in preview and "₸" in preview and "Budget left" in preview
    assert 'role="region"' in preview and 'tabindex="0"' in preview
    publish = reverse("results:publish", args=[competition.reference])
    assert start < page.index(f'action="{publish}"'), "the ranking comes before the button"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("results:publish", args=[competition.reference]))
    after = client.get(reverse("results:ranking", args=[competition.reference])).content.decode()
    assert "publish-preview" not in after  # once published, the public page shows it
