"""In Chromium: pages keep working under the Content-Security-Policy (no console violation), Swagger UI included,
and an official's first sign-in sets up the authenticator app."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _console_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_swagger_ui_renders_under_the_policy(browser_page, live_server, reference_data):
    page = browser_page
    errors = _console_errors(page)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 50
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_pages_with_scripts_raise_no_policy_violation(browser_page, live_server, reference_data, login, english):
    page = browser_page
    errors = _console_errors(page)
    user = f.MembershipFactory(role="owner").user
    competition = f.CompetitionFactory()
    login(page, user)
    for path in ("/", "/competitions/", f"/competitions/{competition.reference}/", "/dashboard/",
                 "/accounts/profile/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state()
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_an_officials_first_sign_in_sets_up_the_authenticator(browser_page, live_server, reference_data, settings,
                                                               english):
    settings.MFA_REQUIRED_ROLES = ["official", "admin"]
    page, base = browser_page, live_server.url
    errors = _console_errors(page)
    official = f.OfficialMembershipFactory().user
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", official.email)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/accounts/login/code/")
    assert page.locator(".qr svg").is_visible()
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    page.fill("#id_code", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    page.get_by_role("button", name="Confirm and sign in").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(f"{base}/dashboard/")
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
