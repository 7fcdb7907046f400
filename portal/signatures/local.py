"""A verifier for standard CMS signatures (RSA, ECDSA) with pyHanko: the embedded default and the tests.

The signer's certificate must chain to one of ``SIGNATURE_TRUSTED_CA_FILES`` (PEM or DER) and be valid at the
signing time the CMS states; the content digest and the signature must match. No network: no revocation
fetching (NCANode does OCSP/CRL in production).
"""

from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from django.utils import timezone
from pyhanko.sign.validation.generic_cms import async_validate_cms_signature, async_validate_detached_cms
from pyhanko.sign.validation.status import StandardCMSSignatureStatus
from pyhanko_certvalidator import ValidationContext

from .base import SignatureVerifier, VerificationResult, run_sync
from .cms import attached_content, certificate_facts, load_signed_data, signer_certificate, signing_time


@lru_cache(maxsize=8)
def _load_roots(paths: tuple) -> tuple:
    roots = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(x509.Certificate.load(data))
    return tuple(roots)


def trusted_roots():
    return list(_load_roots(tuple(str(p) for p in settings.SIGNATURE_TRUSTED_CA_FILES)))


class LocalCmsVerifier(SignatureVerifier):
    name = "local"

    def verify(self, *, cms, content):
        signed_data = load_signed_data(cms)
        cert = signer_certificate(signed_data)
        facts = certificate_facts(cert) if cert is not None else None
        signed_at = signing_time(signed_data)
        problems = []
        embedded = attached_content(signed_data)
        if embedded is not None and embedded != content:
            problems.append("content")
        context = ValidationContext(trust_roots=trusted_roots(), moment=signed_at or timezone.now(),
                                    allow_fetching=False, revocation_mode="soft-fail")
        try:
            if embedded is None:
                status = run_sync(lambda: async_validate_detached_cms(content, signed_data,
                                                                      signer_validation_context=context))
            else:
                status = run_sync(lambda: async_validate_cms_signature(
                    signed_data, status_cls=StandardCMSSignatureStatus, validation_context=context))
        except Exception:  # pyHanko raises on structural errors (bad attributes, unknown algorithms)
            problems.append("structure")
            return VerificationResult(False, facts, signed_at, self.name, problems)
        if not (status.intact and status.valid):
            problems.append("digest")
        if facts and signed_at and not (facts.not_before <= signed_at <= facts.not_after):
            problems.append("expired")
        elif not status.trusted:
            problems.append("chain")
        if signed_at is None:
            problems.append("no_signing_time")
        return VerificationResult(not problems, facts, signed_at, self.name, problems)
