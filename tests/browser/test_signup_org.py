"""A new NGO representative: sign up, confirm the e-mail, register the organisation, see it on the dashboard."""

import re

import pytest

from tests import factories as f

from .journeys import confirm_email, fill_organisation, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_sign_up_confirm_and_register_an_organisation(browser_page, live_server, reference_data, mailbox):
    page, base = browser_page, live_server.url
    sign_up(page, base, "aigul@example.kz")

    # Unconfirmed: not signed in, so registering an organisation asks to sign in first.
    page.goto(f"{base}/organizations/new/")
    page.wait_for_url(re.compile(r"/accounts/login/"))

    confirm_email(page, base, mailbox)  # the link as mailed, on the live server, with the password

    page.get_by_role("link", name="Register an organisation").click()
    page.wait_for_url(f"{base}/organizations/new/")

    # A BIN with a wrong check digit: the message sits beside the field and nothing typed is lost.
    good = f.make_bin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    fill_organisation(page, name="Жастар орталығы", bin_value=bad)
    page.get_by_role("button", name="Register organisation").click()
    error = page.locator("#id_bin_error")
    assert "check digit" in error.inner_text()
    assert page.locator(".error-summary a[href='#id_bin']").is_visible()
    assert page.input_value("#id_name") == "Жастар орталығы"

    page.fill("#id_bin", good)
    page.get_by_role("button", name="Register organisation").click()
    page.wait_for_url(re.compile(r"/organizations/\d+/$"))
    assert page.get_by_role("heading", name="Жастар орталығы").is_visible()

    page.goto(f"{base}/dashboard/")
    panel = page.locator("section[aria-labelledby=panel-organizations]")
    assert panel.get_by_role("link", name="Жастар орталығы").is_visible()
    assert good in panel.inner_text()


def test_invalid_bin_format_at_phone_width(browser_page, live_server, reference_data, login):
    from django.utils import timezone

    user = f.UserFactory(email_confirmed_at=timezone.now(), preferred_language="en")
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, user)
    page.goto(f"{base}/organizations/new/")
    fill_organisation(page, name="Small NGO", bin_value="12345")
    page.get_by_role("button", name="Register organisation").click()
    assert page.locator("#id_bin_error").inner_text() == "A BIN is exactly 12 digits."
    # Nothing overflows sideways at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
