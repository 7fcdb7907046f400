"""The portal's PAdES seal: every issued PDF carries it, a changed byte or another key is detected."""

import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from applications import services
from applications.receipts.render import receipt_pdf
from portal.pdf import render_pdf
from portal.signatures import seal
from portal.signatures.base import run_sync
from scoring.ranking.services import ranking_freeze
from scoring.reports.render import render_pdf_bytes
from tests.applications.helpers import fill_application, ngo_with_application
from tests.pki import TestCA
from tests.scoring.results_world import ranked_competition, scored_application


def _pdf():
    return render_pdf("<html><body><h1>Қолхат · Квитанция</h1><p>SZ-2026-0007-001</p></body></html>")


def test_a_sealed_pdf_validates_with_pyhanko_against_the_portals_certificate():
    sealed = seal.seal_pdf(_pdf())
    reader = PdfFileReader(io.BytesIO(sealed))
    (signature,) = reader.embedded_signatures
    assert signature.field_name == seal.SEAL_FIELD
    context = ValidationContext(trust_roots=[seal.seal_certificate()], allow_fetching=False,
                                revocation_mode="soft-fail")
    status = run_sync(lambda: async_validate_pdf_signature(signature, context))
    assert status.intact and status.valid and status.trusted
    check = seal.check_seal(sealed)
    assert (check.sealed, check.intact, check.ours, check.ok) == (True, True, True, True)


def test_a_changed_byte_breaks_the_seal():
    sealed = bytearray(seal.seal_pdf(_pdf()))
    at = sealed.find(b"/MediaBox")
    assert at > 0
    sealed[at + 11:at + 12] = b"7" if sealed[at + 11:at + 12] != b"7" else b"8"
    check = seal.check_seal(bytes(sealed))
    assert check.sealed and not check.intact and not check.ok


def test_a_pdf_sealed_with_another_key_is_not_ours(settings, tmp_path):
    original_dir = settings.PDF_SEAL_DIR
    settings.PDF_SEAL_DIR = tmp_path / "other-seal"
    forged = seal.seal_pdf(_pdf())  # a valid seal, but another key
    settings.PDF_SEAL_DIR = original_dir
    check = seal.check_seal(forged)
    assert (check.sealed, check.intact, check.ours, check.ok) == (True, True, False, False)


def test_an_unsealed_pdf_and_garbage_are_reported_as_unsealed():
    assert not seal.check_seal(_pdf()).sealed
    assert not seal.check_seal(b"%PDF-1.7 nonsense").sealed


def test_the_seal_key_from_pem_settings_is_used(settings, tmp_path):
    holder = TestCA().issue(name="Portal seal (test)", organization="Portal")
    key_file, cert_file = tmp_path / "seal.key", tmp_path / "seal.crt"
    key_file.write_bytes(holder.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.BestAvailableEncryption(b"secret")))
    cert_file.write_bytes(holder.cert.public_bytes(serialization.Encoding.PEM))
    settings.PDF_SEAL_KEY_FILE, settings.PDF_SEAL_CERT_FILE = str(key_file), str(cert_file)
    settings.PDF_SEAL_PASSPHRASE = "secret"
    assert x509.load_pem_x509_certificate(seal.seal_certificate_pem()).serial_number == holder.cert.serial_number
    assert seal.check_seal(seal.seal_pdf(_pdf())).ok


def test_the_seal_key_from_pkcs12_settings_is_used(settings, tmp_path):
    holder = TestCA().issue(name="Portal seal (p12)")
    path = tmp_path / "seal.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", holder.key, holder.cert, None,
                                                           serialization.BestAvailableEncryption(b"pw")))
    settings.PDF_SEAL_PKCS12_FILE, settings.PDF_SEAL_PASSPHRASE = str(path), "pw"
    assert seal.seal_certificate().serial_number == holder.cert.serial_number
    assert seal.check_seal(seal.seal_pdf(_pdf())).ok


@pytest.mark.django_db
def test_the_receipt_pdf_is_sealed():
    user, application = ngo_with_application()
    fill_application(application)
    submitted = services.application_submit(application=application, actor=user)
    assert seal.check_seal(receipt_pdf(submitted)).ok


@pytest.mark.django_db
def test_the_ranking_report_pdf_is_sealed(official):
    competition = ranked_competition(weights=("2", "1"), pass_threshold="10", total_budget="3000000")
    scored_application(competition, [[9, 9], [9, 8]], requested="1000000")
    snapshot = ranking_freeze(competition=competition, actor=official)
    assert seal.check_seal(render_pdf_bytes(snapshot)).ok
