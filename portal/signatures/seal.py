"""The portal's seal on every PDF it issues (PAdES, pyHanko), and the check anyone can run on a PDF.

The key comes from settings: ``PDF_SEAL_KEY_FILE`` + ``PDF_SEAL_CERT_FILE`` (PEM) or ``PDF_SEAL_PKCS12_FILE``,
with ``PDF_SEAL_PASSPHRASE``. With none set, a self-signed development seal is generated once into
``PDF_SEAL_DIR`` (``var/seal/``, not in git) and reused by every process.
"""

import io
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.functions import async_sign_pdf
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .base import run_sync

SEAL_FIELD = "PortalSeal"
DEV_SEAL_FILE = "development-seal.pem"


class SealError(RuntimeError):
    pass


def _generate_development_seal(path: Path):
    """A self-signed ECDSA seal certificate, written once; a process that loses the race reads the winner's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Grants portal (development)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Grants portal seal - DEVELOPMENT ONLY")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    pem = (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()) + cert.public_bytes(serialization.Encoding.PEM))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".seal-")
    try:
        os.write(handle, pem)
        os.close(handle)
        os.chmod(temporary, 0o600)
        os.link(temporary, path)  # fails if another process was first: its seal is kept
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _passphrase():
    return settings.PDF_SEAL_PASSPHRASE.encode() if settings.PDF_SEAL_PASSPHRASE else None


def _credentials():
    """(private key, certificate, extra certificates) as cryptography objects, from settings or the dev seal."""
    if settings.PDF_SEAL_PKCS12_FILE:
        key, cert, extra = pkcs12.load_key_and_certificates(Path(settings.PDF_SEAL_PKCS12_FILE).read_bytes(),
                                                            _passphrase())
        return key, cert, list(extra or [])
    if settings.PDF_SEAL_KEY_FILE and settings.PDF_SEAL_CERT_FILE:
        key = serialization.load_pem_private_key(Path(settings.PDF_SEAL_KEY_FILE).read_bytes(), _passphrase())
        chain = x509.load_pem_x509_certificates(Path(settings.PDF_SEAL_CERT_FILE).read_bytes())
        return key, chain[0], chain[1:]
    path = Path(settings.PDF_SEAL_DIR) / DEV_SEAL_FILE
    if not path.exists():
        _generate_development_seal(path)
    data = path.read_bytes()
    return serialization.load_pem_private_key(data, None), x509.load_pem_x509_certificate(data), []


def _settings_key():
    return (settings.PDF_SEAL_PKCS12_FILE, settings.PDF_SEAL_KEY_FILE, settings.PDF_SEAL_CERT_FILE,
            str(settings.PDF_SEAL_DIR))


@lru_cache(maxsize=4)
def _signer_for(_key):
    key, cert, extra = _credentials()
    der = lambda c: asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))  # noqa: E731
    private = keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    return signers.SimpleSigner(signing_cert=der(cert), signing_key=private,
                                cert_registry=SimpleCertificateStore.from_certs([der(c) for c in extra]))


def seal_signer():
    return _signer_for(_settings_key())


def seal_certificate() -> asn1_x509.Certificate:
    return seal_signer().signing_cert


def seal_certificate_pem() -> bytes:
    cert = x509.load_der_x509_certificate(seal_certificate().dump())
    return cert.public_bytes(serialization.Encoding.PEM)


def seal_pdf(pdf_bytes: bytes) -> bytes:
    """The PDF with the portal's seal: a PAdES certification signature that allows no later change."""
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES, certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES, reason="Issued by the grants portal", location="Kazakhstan",
        name=seal_certificate().subject.native.get("common_name", "Grants portal"))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    return run_sync(lambda: async_sign_pdf(writer, meta, signer=seal_signer())).getvalue()


@dataclass(frozen=True)
class SealCheck:
    sealed: bool  # the PDF carries a signature at all
    intact: bool  # not a byte changed since it was signed
    ours: bool  # signed with the portal's seal certificate
    signed_at: datetime | None = None
    signer: str = ""

    @property
    def ok(self):
        return self.sealed and self.intact and self.ours


def check_seal(pdf_bytes: bytes) -> SealCheck:
    """Whether ``pdf_bytes`` carries the portal's seal, unchanged since sealing."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # not a PDF, or one pyHanko cannot read
        return SealCheck(False, False, False)
    if not embedded:
        return SealCheck(False, False, False)
    signature = next((s for s in embedded if s.field_name == SEAL_FIELD), embedded[0])
    ours = seal_certificate()
    context = ValidationContext(trust_roots=[ours], allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = run_sync(lambda: async_validate_pdf_signature(signature, context))
    except Exception:  # a structurally broken signature counts as not intact
        return SealCheck(True, False, False)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    intact = bool(status.intact and status.valid and whole and len(embedded) == 1)
    is_ours = bool(status.trusted and status.signing_cert.sha256 == ours.sha256)
    return SealCheck(True, intact, is_ours, status.signer_reported_dt,
                     status.signing_cert.subject.human_friendly)
