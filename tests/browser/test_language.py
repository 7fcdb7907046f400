"""Kazakh first: with no Accept-Language the portal speaks Kazakh, to a visitor and to an empty profile; a browser
that asks for Russian gets Russian on its first visit; a language chosen before signing in is kept."""

import pytest

from portal.accounts.models import User
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def project_default_language(settings):
    """The tests read English by default (tests/conftest.py); these check the project's own default."""
    settings.LANGUAGE_CODE = "kk"


def _without_accept_language(page):
    """Chromium adds its Accept-Language again to a continued request: fetch it without one and answer with that."""
    def strip(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "accept-language"}
        route.fulfill(response=route.fetch(headers=headers, max_redirects=0, timeout=60_000))

    page.set_default_timeout(60_000)  # a fetched page waits for the live server like any other, on a busy machine
    page.route("**/*", strip)


def test_an_empty_profile_with_no_accept_language_gets_kazakh(browser_page, live_server, login,
                                                              project_default_language):
    page = browser_page
    _without_accept_language(page)
    page.goto(f"{live_server.url}/competitions/")  # not "/": a redirect's next request is not routed again
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator(".lang-switch button").first.inner_text() == "KK"  # first in the switcher

    user = f.UserFactory(preferred_language=User._meta.get_field("preferred_language").default)
    assert user.preferred_language == "kk"
    page.context.clear_cookies()
    login(page, user)
    assert page.url.endswith("/dashboard/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator(".language-offer").count() == 0  # nothing was chosen: nothing to offer


def test_the_browser_language_wins_on_the_first_visit(_playwright_browser, live_server, project_default_language):
    context = _playwright_browser.new_context(locale="ru-RU")  # Chromium's Accept-Language follows the locale
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{live_server.url}/competitions/")
        assert page.locator("html").get_attribute("lang") == "ru"
    finally:
        context.close()


def test_a_language_chosen_before_signing_in_is_kept_and_can_be_saved(browser_page, live_server, login,
                                                                      project_default_language):
    page = browser_page
    _without_accept_language(page)
    user = f.UserFactory(preferred_language="kk")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_load_state()
    login(page, user)
    assert page.locator("html").get_attribute("lang") == "ru"
    offer = page.locator(".language-offer")
    assert offer.is_visible()
    offer.locator("button[value=save]").click()
    page.wait_for_load_state()
    user.refresh_from_db()
    assert user.preferred_language == "ru"
    assert page.locator("html").get_attribute("lang") == "ru" and page.locator(".language-offer").count() == 0
