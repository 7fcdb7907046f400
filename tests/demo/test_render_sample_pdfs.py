"""``manage.py render_sample_pdfs``: the production install check of .ci/run (a ranking PDF and a receipt PDF)."""

import io

import pytest
from django.core.management import CommandError, call_command

from applications.models import Receipt
from scoring.models import Report
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_renders_a_ranking_report_and_a_receipt_on_an_empty_database():
    out = io.StringIO()
    call_command("render_sample_pdfs", "--language", "ru", stdout=out)
    report = Report.objects.get()
    receipt = Receipt.objects.exclude(file="").get()
    assert (report.status, report.language, receipt.language) == ("done", "kk+ru", "kk+ru")  # both languages
    assert out.getvalue().splitlines() == [
        f"ranking report: {report.file.size} bytes, SHA-256 {report.sha256}",
        f"receipt: {receipt.file.size} bytes, SHA-256 {receipt.sha256}"]


def test_it_refuses_a_database_that_has_users():
    f.UserFactory()
    with pytest.raises(CommandError, match="empty"):
        call_command("render_sample_pdfs")
    assert not Report.objects.exists()
