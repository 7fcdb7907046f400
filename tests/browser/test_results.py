"""In the browser: an official freezes the ranking, gets the PDF with progress, publishes; the public sees results.

Set ``SHOTS_DIR`` to keep screenshots of the pages at 1280 and 360 px.
"""

import os

import pytest

from scoring.models import Report
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application

SHOTS = os.environ.get("SHOTS_DIR", "")


def shot(page, name):
    if not SHOTS:
        return
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_freezes_reports_and_publishes(browser_page, live_server, login):
    page = browser_page
    page.set_default_timeout(60_000)  # the PDF is laid out and sealed while the page waits
    competition = ranked_competition(weights=("1", "2"), total_budget="3000000", pass_threshold="10",
                                     title_en="Youth initiatives 2026", title_ru="Молодёжные инициативы")
    official = f.OfficialMembershipFactory(body=competition.body, role="manager").user
    for name, scores in [("Жастар ұйымы", [[8, 9], [9, 9]]), ("Өрлеу қоры", [[6, 6], [7, 6]]),
                         ("Союз волонтёров", [[3, 3], [2, 4]])]:
        scored_application(competition, scores, organization=f.OrganizationFactory(name=name),
                           title=f"Жоба: {name}", requested="1500000")
    login(page, official)
    page.goto(f"{live_server.url}/manage/ranking/{competition.reference}/")
    shot(page, "ranking-live")
    page.get_by_role("button", name="Freeze the ranking").click()
    page.get_by_role("link", name="Open the frozen ranking and its reports").wait_for()
    f.approve_ranking(competition, actor=official)  # the commission's meeting: tests/browser/test_commission.py
    page.get_by_role("link", name="Open the frozen ranking and its reports").click()
    page.get_by_role("button", name="Produce the PDF").click()
    page.get_by_role("link", name="Download").wait_for()
    report = Report.objects.get()
    assert report.status == "done" and report.sha256
    assert report.sha256 in page.content()
    shot(page, "report")
    page.goto(f"{live_server.url}/manage/ranking/{competition.reference}/")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Publish the results").click()
    page.wait_for_load_state()
    assert dialogs and "Every applicant is notified" in dialogs[0]
    page.goto(f"{live_server.url}/competitions/{competition.reference}/results/")
    assert "Жастар ұйымы" in page.content()
    shot(page, "public-results")
