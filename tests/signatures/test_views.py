"""Signing in the browser and through the API: the check page's EDS panel, submitting with a signature, the
receipt naming the signer, and the public seal page."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications import services
from applications.enums import ApplicationStatus
from applications.receipts.render import receipt_pdf
from portal.signatures import seal
from portal.signatures.models import Signature
from tests.api.helpers import forced_client
from tests.applications.helpers import fill_application, ngo_with_application
from tests.pki import make_iin

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _ready():
    user, application = ngo_with_application()
    fill_application(application)
    return user, application


def test_the_check_page_offers_signing_and_submit_carries_the_signature(pki):
    user, application = _ready()
    client = _client(user)
    page = client.get(reverse("applications:check", kwargs={"pk": application.pk}))
    sha = services.application_content_sha256(application)
    assert page.context["sign"]["sha256"] == sha and page.context["sign"]["required"] is False
    assert f'data-sha256="{sha}"'.encode() in page.content and b'form="submit-form"' in page.content
    assert b"pki.gov.kz" in page.content  # what to do without NCALayer
    holder = pki.issue(iin=make_iin(40), bin=application.organization.bin, name="ТЕСТОВ ТЕСТ")
    wrong = pki.issue(iin=make_iin(40), bin="150340012300").sign_hash(sha)
    refused = client.post(reverse("applications:submit", kwargs={"pk": application.pk}),
                          {"cms": wrong, "document_sha256": sha})
    assert refused.status_code == 400
    assert [p.code for p in refused.context["problems"]] == ["bin_mismatch"]
    assert refused.context["sign"]["pasted"] == wrong  # nothing typed is lost
    response = client.post(reverse("applications:submit", kwargs={"pk": application.pk}),
                           {"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert response.status_code == 302
    receipt = client.get(reverse("applications:receipt", kwargs={"pk": application.pk}))
    assert b"data-signature" in receipt.content and "ТЕСТОВ ТЕСТ" in receipt.content.decode()
    assert make_iin(40) in receipt.content.decode()


def test_required_signing_refuses_an_unsigned_submit_on_the_page(settings):
    settings.SIGNATURE_REQUIRED = {**settings.SIGNATURE_REQUIRED, "application": True}
    user, application = _ready()
    response = _client(user).post(reverse("applications:submit", kwargs={"pk": application.pk}), {})
    assert response.status_code == 400
    assert [p.code for p in response.context["problems"]] == ["signature_required"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_api_tells_what_to_sign_attaches_and_submits(pki):
    user, application = _ready()
    client = forced_client(user)
    url = f"/api/v1/applications/{application.pk}/signature/"
    state = client.get(url).json()
    sha = services.application_content_sha256(application)
    assert state["document_sha256"] == sha and state["expected_bin"] == application.organization.bin
    assert state["signed_content_base64"] == base64.b64encode(sha.encode()).decode()
    assert state["signatures"] == []
    holder = pki.issue(iin=make_iin(41), bin=application.organization.bin)
    bad = client.post(url, {"cms": holder.sign_hash(sha), "document_sha256": "0" * 64}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "document_changed"
    created = client.post(url, {"cms": holder.sign_hash(sha), "document_sha256": sha}, format="json")
    assert created.status_code == 201 and created.json()["signer_iin"] == make_iin(41)
    assert created.json()["valid_at_signing"] is True
    submitted = client.post(f"/api/v1/applications/{application.pk}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert Signature.objects.count() == 1


def test_the_api_refuses_an_unsigned_submit_when_required(settings):
    settings.SIGNATURE_REQUIRED = {**settings.SIGNATURE_REQUIRED, "application": True}
    user, application = _ready()
    response = forced_client(user).post(f"/api/v1/applications/{application.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert [p["code"] for p in response.json()["problems"]] == ["signature_required"]


def test_the_seal_page_checks_uploaded_pdfs():
    user, application = _ready()
    sealed = receipt_pdf(services.application_submit(application=application, actor=user))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("signatures:seal"))
    assert page.status_code == 200 and b"data-seal-fingerprint" in page.content
    ok = client.post(reverse("signatures:seal"), {"file": SimpleUploadedFile("r.pdf", sealed)})
    assert ok.status_code == 200 and b'data-seal-result="ok"' in ok.content
    changed = bytearray(sealed)
    at = changed.find(b"/MediaBox")
    changed[at + 11:at + 12] = b"7" if changed[at + 11:at + 12] != b"7" else b"8"
    broken = client.post(reverse("signatures:seal"), {"file": SimpleUploadedFile("r.pdf", bytes(changed))})
    assert b'data-seal-result="changed"' in broken.content
    not_pdf = client.post(reverse("signatures:seal"), {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")})
    assert not_pdf.status_code == 400 and b"This is not a PDF file." in not_pdf.content
    certificate = client.get(reverse("signatures:seal_certificate"))
    assert certificate.content == seal.seal_certificate_pem()
    assert certificate["Content-Disposition"] == 'attachment; filename="portal-seal.pem"'
