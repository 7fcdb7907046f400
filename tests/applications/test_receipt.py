import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications import services
from applications.receipt import receipt_pdf
from tests.applications.helpers import fill_application, ngo_with_application

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


def test_receipt_pdf_has_number_hash_and_kazakh_letters_on_one_page():
    user, application = _submitted(f"Жоба: {KAZAKH}")
    pages, text, reader = _text(receipt_pdf(application))
    assert pages == 1
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
    from tests import factories as f

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
