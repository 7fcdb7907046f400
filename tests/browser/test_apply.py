"""An NGO applies in the browser: open competition -> every section -> a document -> check answers -> submit ->
registration number. Another NGO gets 404 on that application; a submit after the deadline is refused.

Set SHOTS_DIR=/some/dir to save a screenshot of every page at 1280 px and 360 px while the test runs.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from portal.accounts.models import Organization
from tests import factories as f
from tests.applications.helpers import PDF_BYTES, fill_application

from .journeys import confirm_email, register_organisation, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")


def shoot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _ngo():
    membership = f.MembershipFactory(role="owner", user__email_confirmed_at=timezone.now(),
                                     user__preferred_language="en")
    return membership.user, membership.organization


def _save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def test_ngo_fills_every_section_uploads_checks_and_submits(browser_page, live_server, login, english,
                                                            reference_data, tmp_path, mailbox):
    page, base = browser_page, live_server.url
    competition = f.CompetitionFactory(min_amount="1000000", max_amount="5000000")
    f.RequiredDocumentFactory(competition=competition, document_type="charter", mandatory=True)
    # A new person: sign up, confirm the e-mail, register the NGO -- all in the browser.
    sign_up(page, base, "new-applicant@example.kz")
    confirm_email(page, base, mailbox)
    bin_value = f.make_bin()
    register_organisation(page, base, name="Жастар медиа орталығы", bin_value=bin_value)
    organization = Organization.objects.get(bin=bin_value)

    page.goto(f"{base}/competitions/{competition.reference}/")
    shoot(page, "01-competition")
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_url(f"{base}/applications/new/{competition.reference}/")
    assert page.get_by_text("Eligible: meets every condition of the competition.").is_visible()
    shoot(page, "02-start")
    page.get_by_role("button", name="Start the application").click()
    application = Application.objects.get(organization=organization)
    page.wait_for_url(f"{base}/applications/{application.pk}/edit/project/")
    shoot(page, "03-project")

    page.fill("#id_title", "Жастар медиа орталығы — Молодёжный медиацентр")
    page.fill("#id_summary", "A media centre for young people of Kostanay.")
    page.fill("#id_co_financing", "250 000")
    _save_and_continue(page)
    page.fill("#id_problem", "Young people in small towns lack media skills.")
    _save_and_continue(page)
    page.fill("#id_goals", "Teach 200 young people to make local news.")
    _save_and_continue(page)
    page.fill("#id_target_group", "Young people aged 14-29 in Kostanay region.")
    page.fill("#id_beneficiaries_count", "200")
    _save_and_continue(page)

    # Activities: one line, plus a second one added with the "Add a line" button (JavaScript).
    page.fill("#id_activities-0-title", "Media school, 8 weeks")
    page.fill("#id_activities-0-starts_on", "2026-03-01")
    page.fill("#id_activities-0-ends_on", "2026-04-30")
    page.get_by_role("button", name="Add a line").click()
    page.locator("[name='activities-2-title']").fill("Final festival")
    shoot(page, "04-activities")
    _save_and_continue(page)
    assert list(application.activities.values_list("title", flat=True)) == ["Media school, 8 weeks",
                                                                          "Final festival"]
    page.fill("#id_indicators-0-name", "Young people trained")
    page.fill("#id_indicators-0-unit", "people")
    page.fill("#id_indicators-0-target", "200")
    _save_and_continue(page)

    # Budget: live totals in the page, recomputed on the server.
    page.select_option("#id_budget_lines-0-category", "services")
    page.fill("#id_budget_lines-0-description", "Trainers")
    page.fill("#id_budget_lines-0-quantity", "10")
    page.fill("#id_budget_lines-0-unit_cost", "150 000")
    page.select_option("#id_budget_lines-1-category", "administrative")
    page.fill("#id_budget_lines-1-description", "Rent of the studio")
    page.fill("#id_budget_lines-1-quantity", "5")
    page.fill("#id_budget_lines-1-unit_cost", "100000,50")
    total = page.locator("[data-total]")
    assert total.inner_text().replace("\u202f", " ").replace("\u00a0", " ") == "2 000 002,50 ₸"
    assert page.locator("[data-total-admin]").inner_text().startswith("500\u202f002,50")
    shoot(page, "05-budget")
    _save_and_continue(page)
    application.refresh_from_db()
    assert str(application.requested_amount) == "2000002.50"

    page.fill("#id_team", "Project lead, two trainers, an accountant.")
    _save_and_continue(page)
    page.fill("#id_sustainability", "The studio continues with volunteers and a local sponsor.")
    _save_and_continue(page)

    # Documents: a PDF for the mandatory charter.
    page.wait_for_url(f"{base}/applications/{application.pk}/edit/documents/")
    pdf = tmp_path / "Жарғы.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.locator("#document-charter input[type=file]").set_input_files(str(pdf))
    page.locator("#document-charter").get_by_role("button", name="Attach").click()
    page.wait_for_load_state()
    assert page.locator("#document-charter").get_by_role("link", name="Жарғы.pdf").is_visible()
    shoot(page, "06-documents")

    page.get_by_role("link", name="Continue to check your answers").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/check/")
    assert page.get_by_text("Everything required is filled in.").is_visible()
    shoot(page, "07-check")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/receipt/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert page.locator("[data-registration-number]").inner_text() == f"{competition.reference}-001"
    assert page.locator("[data-snapshot-hash]").inner_text() == application.snapshot_sha256
    shoot(page, "08-receipt")

    page.goto(f"{base}/applications/{application.pk}/")
    assert page.get_by_text("Submitted", exact=True).first.is_visible()
    shoot(page, "09-overview")
    page.goto(f"{base}/dashboard/")
    assert page.locator("#panel-applications").get_by_text("Wait for the admission check").is_visible()
    shoot(page, "10-dashboard")

    # A second NGO trying the first one's application URL gets 404.
    page.context.clear_cookies()
    other_user, _other = _ngo()
    login(page, other_user)
    response = page.goto(f"{base}/applications/{application.pk}/")
    assert response.status == 404
    response = page.goto(f"{base}/applications/{application.pk}/edit/project/")
    assert response.status == 404


def test_bad_number_is_shown_beside_the_field_and_nothing_typed_is_lost(browser_page, live_server, login, english,
                                                                       reference_data):
    page, base = browser_page, live_server.url
    user, organization = _ngo()
    application = f.ApplicationFactory(organization=organization, title="")
    login(page, user)
    page.goto(f"{base}/applications/{application.pk}/edit/budget/")
    page.select_option("#id_budget_lines-0-category", "services")
    page.fill("#id_budget_lines-0-description", "Trainers for the media school")
    page.fill("#id_budget_lines-0-quantity", "ten")
    page.fill("#id_budget_lines-0-unit_cost", "-5")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert "Enter a number" in page.locator("#id_budget_lines-0-quantity_error").inner_text()
    assert "cannot be negative" in page.locator("#id_budget_lines-0-unit_cost_error").inner_text()
    assert page.locator("#id_budget_lines-0-description").input_value() == "Trainers for the media school"
    assert page.locator(".error-summary").is_visible()
    shoot(page, "11-budget-errors")


def test_two_tabs_later_save_is_told_changed_elsewhere_and_keeps_its_text(browser_page, live_server, login,
                                                                          english, reference_data):
    page, base = browser_page, live_server.url
    user, organization = _ngo()
    application = f.ApplicationFactory(organization=organization)
    login(page, user)
    url = f"{base}/applications/{application.pk}/edit/problem/"
    page.goto(url)
    second = page.context.new_page()
    second.goto(url)
    second.fill("#id_problem", "Written in the second tab")
    second.get_by_role("button", name="Save as draft").click()
    second.wait_for_load_state()
    page.fill("#id_problem", "Written in the first tab, a long careful text")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Changed elsewhere").is_visible()
    assert page.locator("#id_problem").input_value() == "Written in the first tab, a long careful text"
    shoot(page, "12-stale")
    application.refresh_from_db()
    assert application.problem == "Written in the second tab"
    page.get_by_role("button", name="Save as draft").click()  # reviewed: saving again wins deliberately
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.problem == "Written in the first tab, a long careful text"


def test_autosave_posts_the_section_and_shows_the_time(browser_page, live_server, login, english, reference_data):
    page, base = browser_page, live_server.url
    user, organization = _ngo()
    application = f.ApplicationFactory(organization=organization)
    login(page, user)
    page.clock.install()
    page.goto(f"{base}/applications/{application.pk}/edit/goals/")
    page.fill("#id_goals", "Typed and never saved by hand")
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/goals/" in r.url):
        page.clock.run_for(21_000)
    status = page.locator("[data-autosave-status]")
    status.filter(has_text="Saved at").wait_for()
    application.refresh_from_db()
    assert application.goals == "Typed and never saved by hand"
    assert page.locator("input[name=version]").input_value() == str(application.version) == "2"


def test_late_submit_is_refused_and_the_draft_stays(browser_page, live_server, login, english, reference_data):
    page, base = browser_page, live_server.url
    user, organization = _ngo()
    competition = f.CompetitionFactory()
    application = fill_application(f.ApplicationFactory(competition=competition, organization=organization))
    login(page, user)
    page.goto(f"{base}/applications/{application.pk}/check/")
    assert page.get_by_text("Everything required is filled in.").is_visible()
    # The deadline passes while the page is open.
    competition.opens_at = timezone.now() - timedelta(days=20)
    competition.closes_at = timezone.now() - timedelta(seconds=5)
    competition.save()
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state()
    problems = page.locator("#problems")
    assert "The deadline was" in problems.inner_text()
    assert timezone.localtime(competition.closes_at).strftime("%d.%m.%Y %H:%M") in problems.inner_text()
    shoot(page, "13-late")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.registration_number is None
