"""Shared Playwright fixtures for browser tests (Debian's Chromium at /usr/bin/chromium).

Use with pytest-django's ``live_server`` and ``@pytest.mark.django_db(transaction=True)``::

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_something(browser_page, live_server, login):
        login(browser_page, user)               # signs in through the real form
        browser_page.goto(live_server.url + "/dashboard/")
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _playwright_browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_playwright_browser):
    """A fresh browser context (own cookies) and page per test; 1280x900 unless the test resizes it."""
    context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """``login(page, user, password=PASSWORD)``: sign in through the sign-in form, land on the dashboard."""
    from tests.factories import PASSWORD

    def _login(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def english(settings):
    """Render pages in English for text assertions (the site default is Russian)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reference_data(transactional_db):
    """Regions, priority areas and MCI rates as the data migration loads them.

    Transactional tests flush the database after each test, which also removes migration data; this puts it
    back (idempotent: update_or_create)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("portal.reference.migrations.0002_regions_and_priority_areas")
    migration.load(apps, None)


@pytest.fixture
def mailbox():
    """The locmem outbox, emptied; the live server runs in this process, so its mail lands here."""
    from django.core import mail

    mail.outbox = []
    return mail.outbox
