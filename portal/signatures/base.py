"""The one interface of server-side signature verification, and the verifier chosen by settings.

``get_verifier().verify(cms=..., content=...)`` takes the CMS (DER bytes) and the bytes that were signed and
answers a :class:`VerificationResult`; it raises :class:`SignatureUnavailable` when it cannot answer (NCANode
down). Two implementations: ``local.LocalCmsVerifier`` (standard CMS, RSA/ECDSA, trusted CAs from settings) and
``ncanode.NcaNodeVerifier`` (Kazakh GOST certificates through an NCANode server).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .cms import CertificateFacts


@dataclass(frozen=True)
class VerificationResult:
    valid: bool  # the signature is intact over the content and the certificate chain was valid at signing
    signer: CertificateFacts | None
    signed_at: datetime | None  # from the CMS signing time (or NCANode's time-stamp)
    verifier: str
    problems: list = field(default_factory=list)  # codes of what failed: "digest", "chain", "expired", ...


class SignatureRefused(DomainError):
    """The signature cannot be accepted; the message says why in the user's words."""

    def __init__(self, message, *, code="signature_invalid"):
        super().__init__(message, code=code)


class SignatureUnavailable(DomainError):
    """The verification service does not answer; nothing was stored, the user may try again."""

    status_code = 503

    def __init__(self, message=None):
        super().__init__(message or _("The signature verification service is not answering. Try again in a few "
                                      "minutes; nothing was lost."), code="signature_service_unavailable")


class SignatureVerifier:
    name = "base"

    def verify(self, *, cms: bytes, content: bytes) -> VerificationResult:  # pragma: no cover - interface
        raise NotImplementedError


def run_sync(make_coroutine):
    """Run one of pyHanko's coroutines to its end from synchronous code, also in a thread that already runs an
    event loop (an ASGI server, Playwright in the tests): there it runs in a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def get_verifier() -> SignatureVerifier:
    return import_string(settings.SIGNATURE_VERIFIER)()
