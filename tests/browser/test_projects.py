"""In the browser: a winner of published results gets its agreement (drawn up, sent, signed by the organisation
and the body), the first tranche is approved and paid, and the public page shows disbursed vs awarded."""

import re

import pytest

from projects.enums import ProjectStatus, TrancheStatus
from projects.models import Project
from tests.projects.world import published_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_published_results_to_a_paid_first_tranche(_playwright_browser, live_server, login, english, official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = Project.objects.get()
    url = f"{live_server.url}/projects/{project.pk}/"

    def page_of(user):
        context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        return login(context.new_page(), user)

    body = page_of(official)
    body.goto(url)
    body.get_by_text("Draw up the agreement").first.click()  # opens the folded form
    body.get_by_label("Tranche schedule").select_option("halves")
    body.get_by_role("button", name="Draw up the agreement").click()
    body.get_by_role("button", name="Send the agreement to the organisation").click()
    assert "Sent to the organisation" in body.content()

    organisation = page_of(ngo)
    organisation.goto(url)
    organisation.get_by_role("button", name="Sign the agreement").click()
    assert "Signed by the organisation" in organisation.content()

    body.goto(url)
    body.get_by_role("button", name="Sign for the body and put in force").click()
    assert "In force" in body.content()
    body.get_by_role("button", name="Approve for payment").click()
    body.get_by_placeholder("Payment order number").fill("PP-101")
    body.get_by_label("Payment order date").fill("2026-02-10")
    body.get_by_role("button", name="Record the payment").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    assert project.tranches.get(number=1).status == TrancheStatus.PAID

    public = _playwright_browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    public.goto(f"{live_server.url}/projects/public/{project.pk}/")
    text = public.locator("main").inner_text()
    group = "[ ,\u202f\xa0]"  # the thousands separator of the page's language (English here, Kazakh by default)
    assert re.search(f"750{group}000[.,]00", text) and re.search(f"1{group}500{group}000[.,]00", text), text
