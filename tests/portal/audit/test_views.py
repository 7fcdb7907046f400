"""The public head list (``/audit/heads/`` and its downloads) and the audit page of a competition."""

import json

import pytest
from django.urls import reverse

from portal import audit
from portal.audit import headlist
from portal.audit.models import PublishedHead
from portal.audit.services import audit_seal, head_publish
from tests import factories as f

pytestmark = pytest.mark.django_db


def _publish_days(count):
    competition = f.CompetitionFactory()
    for day in range(count):
        audit.record(actor=None, action=f"test.day{day}", target=competition)
        head_publish()
    return list(PublishedHead.objects.order_by("seq"))


def test_heads_page_lists_published_heads_and_the_current_head_to_anyone(client):
    published = _publish_days(2)
    audit.record(actor=None, action="test.pending")
    response = client.get(reverse("audit:heads"))
    assert response.status_code == 200
    html = response.content.decode()
    for head in published:
        assert head.hash in html
    assert html.index(published[1].hash) < html.index(published[0].hash)  # newest first
    assert "1 newer event is pending seal" in html
    assert reverse("audit:heads_txt") in html and reverse("audit:heads_json") in html


def test_heads_page_before_any_publication(client):
    html = client.get(reverse("audit:heads")).content.decode()
    assert "No head has been published yet" in html and "No event has been sealed yet." in html


@pytest.mark.parametrize("count", [1, 15])
def test_heads_page_query_count(client, django_assert_num_queries, count):
    _publish_days(count)
    with django_assert_num_queries(4):  # page count, page rows, current head, pending count
        response = client.get(reverse("audit:heads"))
    assert response.status_code == 200
    assert len(response.context["heads"]) == count


@pytest.mark.parametrize("count", [1, 15])
def test_head_downloads_query_count(client, django_assert_num_queries, count):
    _publish_days(count)
    for name in ("audit:heads_json", "audit:heads_txt"):
        with django_assert_num_queries(1):
            client.get(reverse(name))


def test_json_download_lists_every_head_oldest_first(client):
    published = _publish_days(3)
    response = client.get(reverse("audit:heads_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-heads.json"'
    data = json.loads(response.content)
    assert data["format"] == "portal-audit-heads/1"
    assert [(h["seq"], h["hash"]) for h in data["heads"]] == [(h.seq, h.hash) for h in published]
    assert data["heads"][0]["published_at"].endswith("+00:00")
    assert headlist.parse(response.content.decode()) == [(h.seq, h.hash) for h in published]


def test_text_download_reads_back_to_the_same_heads(client):
    published = _publish_days(2)
    response = client.get(reverse("audit:heads_txt"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# portal-audit-heads/1 ")
    assert text.splitlines()[2].split()[1:] == [str(published[0].seq), published[0].hash]
    assert headlist.parse(text) == [(h.seq, h.hash) for h in published]


def test_head_list_pages_are_read_only(client):
    for name in ("audit:heads", "audit:heads_json", "audit:heads_txt"):
        assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("text", ["{}", '{"heads": [{"seq": "x"}]}', "2026 1", "2026 0 " + "a" * 64,
                                  "2026 1 " + "A" * 64])
def test_malformed_head_lists_are_refused(text):
    with pytest.raises(headlist.HeadListError):
        headlist.parse(text)


def test_heads_page_in_kazakh_and_russian(client):
    _publish_days(1)
    for language, words in (("kk", "Аудит тізбегінің"), ("ru", "аудита")):
        client.cookies["django_language"] = language
        html = client.get(reverse("audit:heads"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in html, language


# ---------------------------------------------------------------------------------- competition audit page

def test_competition_audit_page_marks_unsealed_events_pending(client):
    official = f.OfficialMembershipFactory()
    competition = f.CompetitionFactory(body=official.body)
    audit.record(actor=official.user, action="competition.published", target=competition,
                 competition_id=competition.pk)
    client.force_login(official.user)
    url = reverse("manage:audit", kwargs={"reference": competition.reference})
    html = client.get(url).content.decode()
    assert "pending seal" in html and "1 newer event is pending seal" in html
    audit_seal()
    response = client.get(url)
    html = response.content.decode()
    assert "pending seal" not in html and "No. 1 in the chain" in html
    assert response.context["check"].ok and response.context["check"].checked == 1
    assert reverse("audit:heads") in html
