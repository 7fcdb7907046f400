"""Browser steps shared by the journey tests: a new person signs up, confirms the e-mail, registers an NGO."""

import re

from tests import factories as f

PASSWORD = "Steppe-wind-2026"


def sign_up(page, base, email):
    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_full_name", "Aigul Serikova")
    page.fill("#id_email", email)
    page.select_option("#id_preferred_language", "en")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your mail").wait_for()  # not signed in until the address is confirmed


def fill_organisation(page, *, name, bin_value):
    page.fill("#id_name", name)
    page.fill("#id_bin", bin_value)
    page.select_option("#id_legal_form", "public_association")
    page.fill("#id_registered_on", "2018-03-15")
    page.check("#id_in_ngo_database")
    page.fill("#id_ngo_database_registered_on", "2019-02-01")
    page.select_option("#id_region", label=f.region().name_en or str(f.region()))
    page.fill("#id_address", "Kostanay, Al-Farabi 1")
    page.fill("#id_contact_email", "info@example.kz")


def confirm_email(page, base, mailbox):
    """Follow the confirmation link of the last e-mail (sent by the live server, in this process) and confirm it
    with the password: that signs in."""
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mailbox[-1].body).group(0)
    page.goto(base + "/accounts/" + link.split("/accounts/", 1)[1])
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


def register_organisation(page, base, *, name, bin_value):
    page.goto(f"{base}/organizations/new/")
    fill_organisation(page, name=name, bin_value=bin_value)
    page.get_by_role("button", name="Register organisation").click()
    page.wait_for_url(re.compile(r"/organizations/\d+/$"))
