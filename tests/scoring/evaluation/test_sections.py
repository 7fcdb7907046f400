import pytest
from django.utils import translation

from scoring.evaluation.sections import application_sections
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_experts_read_the_submitted_snapshot_not_the_live_record():
    application = f.ApplicationFactory(status="admitted", title="Live title, edited later")
    application.snapshot = {
        "fields": {"title": "Submitted title", "requested_amount": "1600000.00"},
        "budget_lines": [{"category": "salary_taxes", "description": "Taxes", "quantity": "1",
                          "unit_cost": "1600000.00", "amount": "1600000.00", "year": None}],
        "activities": [{"title": "School", "starts_on": "2027-03-01", "ends_on": "2027-04-30",
                        "expected_result": "40 trained"}],
        "attachments": [{"document_type": "charter", "name": "charter.pdf", "sha256": "ab" * 32, "size": 10}],
    }
    sections = application_sections(application, blind=True)
    texts = dict((str(label), value) for label, value in sections["texts"])
    assert texts["Project title"] == "Submitted title"
    assert texts["Requested amount, KZT"] == "1,600,000.00\u00a0₸"  # English: the language of the tests
    with translation.override("kk"):  # Kazakh and Russian: spaces between thousands, a decimal comma
        values = [value for _label, value in application_sections(application, blind=True)["texts"]]
        assert "1\u202f600\u202f000,00\u00a0₸" in values
    lists = {str(title): rows for title, _headers, rows in sections["lists"]}
    assert lists["Budget"][0][0] == "Taxes and contributions on salaries"
    assert lists["Calendar plan"][0][1:3] == ["01.03.2027", "30.04.2027"]
    assert "Attached documents" not in lists  # documents come from ``sections["documents"]`` (with links)
    assert sections["identity"] is None
