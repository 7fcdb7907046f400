"""Issue 16 point 11: the whole submit flow with JavaScript disabled. Every section is written, a line added,
a document uploaded, the answers checked and the application submitted with plain form posts; the budget totals
are the server's (autosave and live totals are enhancements).

Set SHOTS_DIR=/some/dir to save screenshots of the pages at 1280 px and 360 px."""

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from tests import factories as f
from tests.applications.helpers import PDF_BYTES

from .test_apply import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nojs_page(_playwright_browser):
    context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                              java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_load_state()


def _money_text(locator):
    return locator.inner_text().replace("\u202f", " ").replace("\u00a0", " ")


def test_ngo_applies_with_javascript_disabled(nojs_page, live_server, login, english, reference_data, tmp_path):
    page, base = nojs_page, live_server.url
    membership = f.MembershipFactory(role="owner", user__email_confirmed_at=timezone.now(),
                                     user__preferred_language="en")
    competition = f.CompetitionFactory(min_amount="1000000", max_amount="5000000")
    f.RequiredDocumentFactory(competition=competition, document_type="charter", mandatory=True)
    login(page, membership.user)

    page.goto(f"{base}/competitions/{competition.reference}/")
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_load_state()
    _click(page, "Start the application")
    application = Application.objects.get(organization=membership.organization)
    assert page.url == f"{base}/applications/{application.pk}/edit/project/"

    page.fill("#id_title", "Жастар медиа орталығы — Молодёжный медиацентр")
    page.fill("#id_summary", "A media centre for young people of Kostanay.")
    _click(page, "Save and continue")
    page.fill("#id_problem", "Young people in small towns lack media skills.")
    _click(page, "Save and continue")
    page.fill("#id_goals", "Teach 200 young people to make local news.")
    _click(page, "Save and continue")
    page.fill("#id_target_group", "Young people aged 14-29 in Kostanay region.")
    page.fill("#id_beneficiaries_count", "200")
    _click(page, "Save and continue")

    # Activities: the two empty lines, then "Add a line" saves and comes back with more empty lines.
    page.fill("#id_activities-0-title", "Media school, 8 weeks")
    page.fill("#id_activities-0-starts_on", "2026-03-01")
    page.fill("#id_activities-0-ends_on", "2026-04-30")
    page.fill("#id_activities-1-title", "Local news workshop")
    _click(page, "Add a line")
    assert "more=1" in page.url
    assert page.locator("#id_activities-0-starts_on").input_value() == "2026-03-01"  # the date input kept it
    page.locator("[name='activities-2-title']").fill("Final festival")
    shoot(page, "nojs-04-activities")
    _click(page, "Save and continue")
    assert list(application.activities.values_list("title", flat=True)) == [
        "Media school, 8 weeks", "Local news workshop", "Final festival"]

    page.fill("#id_indicators-0-name", "Young people trained")
    page.fill("#id_indicators-0-unit", "people")
    page.fill("#id_indicators-0-target", "200")
    _click(page, "Save and continue")

    # Budget: no live totals; saving shows the server's line amounts and totals.
    budget_url = page.url
    page.select_option("#id_budget_lines-0-category", "services")
    page.fill("#id_budget_lines-0-description", "Trainers")
    page.fill("#id_budget_lines-0-quantity", "10")
    page.fill("#id_budget_lines-0-unit_cost", "150 000")
    page.select_option("#id_budget_lines-1-category", "administrative")
    page.fill("#id_budget_lines-1-description", "Rent of the studio")
    page.fill("#id_budget_lines-1-quantity", "5")
    page.fill("#id_budget_lines-1-unit_cost", "100000,50")
    _click(page, "Save as draft")
    assert page.url == budget_url
    assert _money_text(page.locator("[data-total]")) == "2,000,002.50 ₸"  # the server formats in the page language (en)
    assert _money_text(page.locator("[data-total-admin]")) == "500,002.50 ₸"
    assert _money_text(page.locator("[data-line-amount]").first) == "1,500,000.00 ₸"
    assert "JavaScript" not in page.content()
    shoot(page, "nojs-05-budget")
    _click(page, "Save and continue")
    application.refresh_from_db()
    assert str(application.requested_amount) == "2000002.50"

    page.fill("#id_team", "Project lead, two trainers, an accountant.")
    _click(page, "Save and continue")
    page.fill("#id_sustainability", "The studio continues with volunteers and a local sponsor.")
    _click(page, "Save and continue")

    assert page.url == f"{base}/applications/{application.pk}/edit/documents/"
    pdf = tmp_path / "Жарғы.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.locator("#document-charter input[type=file]").set_input_files(str(pdf))
    page.locator("#document-charter").get_by_role("button", name="Attach").click()
    page.wait_for_load_state()
    assert page.locator("#document-charter").get_by_role("link", name="Жарғы.pdf").is_visible()
    shoot(page, "nojs-06-documents")

    page.get_by_role("link", name="Continue to check your answers").click()
    page.wait_for_load_state()
    assert page.get_by_text("Everything required is filled in.").is_visible()
    shoot(page, "nojs-07-check")
    _click(page, "Submit the application")
    assert page.url == f"{base}/applications/{application.pk}/receipt/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert page.locator("[data-registration-number]").inner_text() == f"{competition.reference}-001"
    shoot(page, "nojs-08-receipt")
