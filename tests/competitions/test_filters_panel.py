"""Issue 16 point 10: on a narrow screen the competition filters sit behind a "Filters" control (a <details>, no
JavaScript) that counts the active filters; a form with an error opens it."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_filters_collapse_behind_a_control_counting_active_ones(client):
    f.CompetitionFactory()
    url = reverse("competitions:list")
    page = client.get(url).content.decode()
    assert '<details class="filters-panel">' in page
    assert '<summary class="filters-summary">Filters</summary>' in page
    page = client.get(url, {"q": "media", "phase": "open", "sort": "newest", "kind": ""}).content.decode()
    assert "Filters (active: 2)" in page  # the sort order is no filter, an empty field is none


def test_an_invalid_filter_opens_the_panel(client):
    response = client.get(reverse("competitions:list"), {"amount_from": "many"})
    assert response.status_code == 400
    assert '<details class="filters-panel" open>' in response.content.decode()


def test_budget_and_report_pages_speak_to_an_accountant_not_a_developer():
    from pathlib import Path

    for template in ("templates/applications/_budget_rows.html", "templates/results/report.html"):
        text = Path(template).read_text(encoding="utf-8")
        assert "JavaScript" not in text.split("{#", 1)[0] + text.split("#}", 1)[-1], template
