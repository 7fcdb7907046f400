"""No English system text on Kazakh and Russian pages of the demo (issue [2.7] point 4): the NGO's status history
and the audit view render stored codes in the reader's language, and hashes are shortened."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from applications.models import Application
from competitions.models import Competition
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

SYSTEM_PHRASES = ("ranking snapshot", "deadline reached", "upheld", "untitled draft", "admission closed",
                  "closed by an official", "proposals until", "answered after", "Draft started", "Submitted",
                  "Winner", "Reserve", "Not funded", "Ranking frozen", "Results published", "status:", "snapshot:",
                  "sha256:", "ranked:", "winners:", "None")
CODE = re.compile(r"(^|\s)@[a-z_]+|\b(application|competition|ranking|results|assignment|evaluation)\.[a-z_]+\b")
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def visible_text(html):
    """The page's text as a reader sees it before opening anything: no tags, attributes, scripts or closed
    disclosures (a shortened hash opens to the whole one on demand)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<details\b[^>]*>\s*<summary>(.*?)</summary>.*?</details>", r"\1", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def client_in(language, user):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def english_in(text):
    found = [phrase for phrase in SYSTEM_PHRASES if phrase in text]
    found += [m.group(0).strip() for m in CODE.finditer(text)]
    found += [m.group(0)[:12] + "…" for m in HASH.finditer(text)]
    return found


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_ngo_status_history_has_no_english_system_text(demo, language):
    decided = Application.objects.filter(status__in=["winner", "reserve", "not_funded", "below_threshold",
                                                     "admitted", "returned", "submitted"])
    assert decided.filter(status="winner").exists()
    checked = 0
    for application in decided.select_related("organization"):
        member = application.organization.memberships.select_related("user").first().user
        page = client_in(language, member).get(reverse("applications:detail", kwargs={"pk": application.pk}))
        assert page.status_code == 200
        history = page.content.decode().split('class="timeline"', 1)[1].split("</ol>", 1)[0]
        assert english_in(visible_text(history)) == [], (application.pk, language)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_audit_view_has_no_english_system_text(demo, language):
    official = User.objects.get(email="official@example.kz")
    for competition in Competition.objects.all():
        page = client_in(language, official).get(reverse("manage:audit", kwargs={"reference": competition.reference}))
        if page.status_code != 200:
            continue
        table = page.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert english_in(visible_text(table)) == [], (competition.reference, language)


def test_a_draft_without_a_title_has_a_translated_tab_title(demo):
    draft = Application.objects.filter(status="draft").first()
    draft.title = ""
    draft.save(update_fields=["title"])
    member = draft.organization.memberships.select_related("user").first().user
    html = client_in("kk", member).get(reverse("applications:detail", kwargs={"pk": draft.pk})).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "untitled draft" not in title and "атауы жоқ жоба" in title


# Every page a role reaches from its start pages (the shapes tests/browser/test_axe_walk.py walks, read here without a
# browser): no system phrase, code or bare hash in Kazakh or Russian.
WALKERS = [None, "ngo2@example.kz", "ngo1@example.kz", "official@example.kz", "expert1@example.kz",
           "observer@example.kz"]


def reachable_pages(client, starts, limit=45):
    """``(path, html)`` of the pages reached by following links, one representative per URL shape."""
    from tests.browser.walk import HREF, SKIP, pattern

    queue, shapes = list(starts), set()
    while queue and len(shapes) < limit:
        path = queue.pop(0)
        parts = urlsplit(path)
        shape = pattern(parts.path, parts.query)
        if shape in shapes or parts.netloc or SKIP.search(parts.path) or not parts.path.startswith("/"):
            continue
        shapes.add(shape)
        response = client.get(path, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield path, html
        queue += [urljoin(path, unescape(href)).split("#", 1)[0] for href in HREF.findall(html)]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("email", WALKERS)
def test_no_page_a_role_reaches_has_english_system_text(demo, language, email):
    client = client_in(language, User.objects.get(email=email)) if email else Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found, pages = {}, 0
    for path, html in reachable_pages(client, ["/dashboard/", "/"] if email else ["/"]):
        main = html.split("<main", 1)[-1].split("</main>", 1)[0]
        # a whole hash is expected where it is the content (open data, audit heads, receipts): words only here
        english = [word for word in english_in(visible_text("<main" + main)) if not word.endswith("…")]
        if english:
            found[path] = english
        pages += 1
    assert pages >= 10
    assert found == {}
