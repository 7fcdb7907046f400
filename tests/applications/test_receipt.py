import hashlib
import io
import re
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications import services
from applications.models import Receipt
from applications.receipts.render import receipt_pdf
from applications.receipts.services import receipt_render
from portal.formatting import MONTHS
from portal.notifications.models import OutboxMessage
from tests import factories as f
from tests.applications.helpers import fill_application, ngo_with_application
from tests.bilingual_pdf import bilingual

pytestmark = pytest.mark.django_db
KAZAKH = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"


def _submitted(title):
    user, application = ngo_with_application()
    fill_application(application)
    application.title = title
    application.save()
    application.organization.name = "«Жастар үні» қоғамдық бірлестігі"
    application.organization.save()
    return user, services.application_submit(application=application, actor=user)


def _text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages), reader


def test_receipt_pdf_has_number_hash_and_kazakh_letters_in_kazakh_then_russian():
    user, application = _submitted(f"Жоба: {KAZAKH}")
    content = receipt_pdf(application)
    halves = bilingual(content, kk="Өтінім қабылданды", ru="Заявка принята", name="receipt")
    pages, text, reader = _text(content)
    assert pages == 2  # the Kazakh text on page 1, the Russian one on page 2
    day = timezone.localtime(application.submitted_at)
    kk_date = f"{day.day} {MONTHS['kk'][day.month - 1]} {day.year}\u00a0ж."
    ru_date = f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year}\u00a0г."
    assert (halves.page_of(kk_date), halves.page_of(ru_date)) == (0, 1)
    for page in halves.pages:
        assert application.registration_number in page
        assert application.snapshot_sha256 in re.sub(r"\s+", "", page)
    assert application.registration_number in text
    assert application.snapshot_sha256 in re.sub(r"\s+", "", text)
    for letter in KAZAKH.split():
        assert letter in text, letter
    assert "«Жастар үні» қоғамдық бірлестігі" in text
    fonts = {str(font) for page in reader.pages for font in _font_names(page)}
    assert any(name.endswith("+Portal-Sans") for name in fonts), fonts  # DejaVu Sans from static/fonts, embedded


def _font_names(page):
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    for font in fonts.values():
        yield font.get_object().get("/BaseFont")


def test_user_text_is_escaped_and_nothing_external_is_fetched():
    user, application = _submitted('<b>bold</b><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">')
    pages, text, _reader = _text(receipt_pdf(application))
    assert '<b>bold</b><img src="http://127.0.0.1:9/x.png">' in text.replace("\n", "")
    assert "root:" not in text


def test_receipt_pdf_view_for_members_and_officials_of_the_body(client):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker (eager here) renders it after the commit
        user, application = _submitted("Project")
    url = reverse("applications:receipt_pdf", kwargs={"pk": application.pk})
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert f'filename="receipt-{application.registration_number}.pdf"' in response["Content-Disposition"]
    client.force_login(f.OfficialMembershipFactory(body=application.competition.body).user)
    assert client.get(url).status_code == 200
    client.force_login(f.MembershipFactory().user)
    assert client.get(url).status_code == 404


# --- the page and the download serve the stored receipt; a request never renders one ----------------------------


def _no_render():
    return mock.patch("applications.receipts.services.receipt_pdf",
                      side_effect=AssertionError("the receipt was rendered in a request"))


def test_the_receipt_page_says_being_prepared_until_the_worker_stored_it(client):
    with TestCase.captureOnCommitCallbacks(execute=False):  # the job stays in the outbox: the worker is "busy"
        user, application = _submitted("Project")
    client.force_login(user)
    page_url = reverse("applications:receipt", kwargs={"pk": application.pk})
    pdf_url = reverse("applications:receipt_pdf", kwargs={"pk": application.pk})
    with _no_render():
        page = client.get(page_url).content.decode()
        download = client.get(pdf_url)
    # the part waits for the worker (portal.js fetches it again and swaps it in); no <meta refresh> (WCAG 2.2.1)
    assert 'data-receipt="preparing"' in page and '<div id="receipt-pdf" data-poll>' in page
    assert "http-equiv" not in page
    assert "The PDF receipt is being prepared." in page and pdf_url not in page
    assert (download.status_code, download["Location"]) == (302, page_url)
    receipt_render(receipt_id=Receipt.objects.get().pk)  # the worker
    with _no_render():
        page = client.get(page_url).content.decode()
        download = client.get(pdf_url)
    receipt = Receipt.objects.get()
    assert 'data-receipt="stored"' in page and "data-poll" not in page and receipt.sha256 in page
    content = b"".join(download.streaming_content)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(content).hexdigest() == receipt.sha256 == download["X-Content-SHA256"]


def test_an_old_submission_gets_its_receipt_from_the_worker_on_demand(client):
    with TestCase.captureOnCommitCallbacks(execute=False):
        user, application = _submitted("Project")
    Receipt.objects.all().delete()  # submitted before receipts were stored
    OutboxMessage.objects.all().delete()
    client.force_login(user)
    page_url = reverse("applications:receipt", kwargs={"pk": application.pk})
    with _no_render():
        page = client.get(page_url).content.decode()
        assert client.get(reverse("applications:receipt_pdf", kwargs={"pk": application.pk}))["Location"] == page_url
    assert 'data-receipt="missing"' in page and not Receipt.objects.exists(), "a GET writes nothing"
    prepare = reverse("applications:receipt_prepare", kwargs={"pk": application.pk})
    with TestCase.captureOnCommitCallbacks(execute=False):
        assert client.post(prepare)["Location"] == page_url
    assert list(Receipt.objects.values_list("language", "file")) == [("kk+ru", "")]
    assert OutboxMessage.objects.get().payload == {"kwargs": {"receipt_id": Receipt.objects.get().pk}}
    client.force_login(f.MembershipFactory().user)
    assert client.post(prepare).status_code == 404


def test_a_receipt_stored_in_one_language_before_stays_downloadable(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        user, application = _submitted("Project")
    receipt = Receipt.objects.get()
    Receipt.objects.filter(pk=receipt.pk).update(language="ru")  # stored before receipts carried both languages
    client.force_login(user)
    with _no_render():
        page = client.get(reverse("applications:receipt", kwargs={"pk": application.pk})).content.decode()
        download = client.get(reverse("applications:receipt_pdf", kwargs={"pk": application.pk}))
    assert 'data-receipt="stored"' in page and receipt.sha256 in page
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == receipt.sha256
