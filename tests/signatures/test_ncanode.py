"""The NCANode client against a local fake that answers as NCANode 3's documented ``POST /cms/verify`` does."""

import base64
import hashlib

import pytest
from asn1crypto import cms as asn1_cms
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from applications.errors import SubmissionRefused
from portal.signatures.base import SignatureUnavailable
from portal.signatures.cms import certificate_facts, load_signed_data, signed_attribute, signer_certificate
from portal.signatures.kinds import signed_content
from portal.signatures.models import Signature
from portal.signatures.ncanode import NcaNodeVerifier
from tests.applications.helpers import fill_application, ngo_with_application
from tests.fakeserver import FakeServer
from tests.pki import TestCA, make_iin

DOCUMENT = "ab" * 32


def _certificate_info(cert, *, valid):
    facts = certificate_facts(cert)
    return {
        "valid": valid, "revocations": [{"revoked": False, "by": "OCSP", "revocationTime": None, "reason": None}],
        "notBefore": facts.not_before.isoformat(timespec="milliseconds"),
        "notAfter": facts.not_after.isoformat(timespec="milliseconds"),
        "keyUsage": "SIGN", "serialNumber": facts.serial, "signAlg": "SHA256withRSA",
        "keyUser": ["ORGANIZATION", "CEO"] if facts.bin else ["INDIVIDUAL"],
        "subject": {"commonName": facts.name, "iin": facts.iin, "bin": facts.bin or None, "country": "KZ",
                    "organization": facts.organization or None, "dn": cert.subject.human_friendly},
        "issuer": {"commonName": cert.issuer.native.get("common_name"), "dn": cert.issuer.human_friendly},
    }


def ncanode_handler(trusted_issuer):
    """NCANode's answer: the signature checked against ``data`` for a detached CMS, the chain to one root."""

    def handle(method, path, body):
        if (method, path) != ("POST", "/cms/verify"):
            return 404, {"status": 404, "message": "Not Found"}, 0
        try:
            signed_data = load_signed_data(base64.b64decode(body["cms"]))
        except Exception:
            return 400, {"status": 400, "message": "Cannot parse CMS"}, 0
        content = signed_data["encap_content_info"]["content"].native
        if content is None:
            content = base64.b64decode(body.get("data") or "")
        digest_ok = signed_attribute(signed_data, "message_digest") == hashlib.sha256(content).digest()
        cert = signer_certificate(signed_data)
        valid = digest_ok and cert.issuer.native.get("common_name") == trusted_issuer
        return 200, {"status": 200, "message": "OK", "valid": valid,
                     "signers": [{"certificates": [_certificate_info(cert, valid=valid)]}]}, 0

    return handle


@pytest.fixture
def ncanode(settings):
    ca = TestCA("НУЦ РК (test)")
    with FakeServer(ncanode_handler("НУЦ РК (test)")) as server:
        settings.NCANODE_URL = server.url
        settings.SIGNATURE_VERIFIER = "portal.signatures.ncanode.NcaNodeVerifier"
        server.ca = ca
        yield server


def test_a_valid_detached_signature_is_read_from_ncanodes_answer(ncanode):
    holder = ncanode.ca.issue(iin=make_iin(20), bin="150340012300", name="ТЕСТОВ ТЕСТ", organization="ОО Тест")
    der = base64.b64decode(holder.sign_hash(DOCUMENT))
    result = NcaNodeVerifier().verify(cms=der, content=signed_content(DOCUMENT))
    assert result.valid and result.problems == []
    assert (result.signer.iin, result.signer.bin, result.signer.name, result.signer.organization) == (
        make_iin(20), "150340012300", "ТЕСТОВ ТЕСТ", "ОО Тест")
    assert result.signer.serial == format(holder.cert.serial_number, "x")
    assert abs(result.signed_at - timezone.now()).total_seconds() < 60  # the CMS signingTime
    method, path, body, headers = ncanode.requests[-1]
    assert (method, path) == ("POST", "/cms/verify")
    assert body["data"] == base64.b64encode(DOCUMENT.encode()).decode()  # detached: the data goes along
    assert body["revocationCheck"] == ["OCSP"]
    assert asn1_cms.ContentInfo.load(base64.b64decode(body["cms"]))["content_type"].native == "signed_data"


def test_an_attached_signature_sends_no_data_and_other_content_is_refused(ncanode):
    holder = ncanode.ca.issue(iin=make_iin(21))
    der = base64.b64decode(holder.sign(b"other content", detached=False))
    result = NcaNodeVerifier().verify(cms=der, content=signed_content(DOCUMENT))
    assert "data" not in ncanode.requests[-1][2]
    assert not result.valid and result.problems == ["content"]


def test_ncanode_saying_invalid_is_a_chain_problem(ncanode):
    holder = TestCA("Rogue").issue(iin=make_iin(22))
    result = NcaNodeVerifier().verify(cms=base64.b64decode(holder.sign_hash(DOCUMENT)),
                                      content=signed_content(DOCUMENT))
    assert not result.valid and result.problems == ["chain"]


def test_ncanode_down_or_failing_is_unavailable(settings):
    def broken(method, path, body):
        return 500, {"status": 500, "message": "Internal error"}, 0

    holder = TestCA().issue(iin=make_iin(23))
    der = base64.b64decode(holder.sign_hash(DOCUMENT))
    with FakeServer(broken) as server, pytest.raises(SignatureUnavailable):
        NcaNodeVerifier(url=server.url).verify(cms=der, content=signed_content(DOCUMENT))
    with FakeServer(lambda *a: (200, {"ok": True}, 1.0)) as server, pytest.raises(SignatureUnavailable):
        NcaNodeVerifier(url=server.url, timeout=0.2).verify(cms=der, content=signed_content(DOCUMENT))


@pytest.mark.django_db
def test_an_application_signed_through_ncanode(ncanode):
    user, application = ngo_with_application()
    fill_application(application)
    holder = ncanode.ca.issue(iin=make_iin(24), bin=application.organization.bin)
    sha = application_services.application_content_sha256(application)
    other = ncanode.ca.issue(iin=make_iin(25), bin="150340012300")
    with pytest.raises(SubmissionRefused) as refused:
        application_services.application_submit(application=application, actor=user,
                                                signature={"cms": other.sign_hash(sha), "document_sha256": sha})
    assert [p.code for p in refused.value.problems] == ["bin_mismatch"]
    submitted = application_services.application_submit(
        application=application, actor=user, signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert Signature.objects.get().verifier == "ncanode"
