"""The open-data page in a real browser: in Kazakh, the files listed and reachable, nothing wider than a phone."""

import pytest

from opendata.services import opendata_regenerate
from tests.opendata.helpers import awarded, results_competition


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_open_data_page_in_kazakh_on_a_phone(browser_page, live_server, reference_data):
    awarded(results_competition())
    opendata_regenerate()
    browser_page.context.add_cookies([{"name": "django_language", "value": "kk", "url": live_server.url}])
    browser_page.set_viewport_size({"width": 360, "height": 800})
    browser_page.goto(live_server.url + "/open-data/")
    assert browser_page.locator("h1").inner_text() == "Ашық деректер"
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 360
    links = browser_page.locator("a[href^='/open-data/files/']")
    assert links.all_inner_texts() == ["360giving-grants.json", "360giving-grants.csv", "ocds-releases.json",
                                       "ocds-records.json"]
    response = browser_page.request.get(live_server.url + links.nth(1).get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text().startswith("Identifier,Title,Description,Currency,")
