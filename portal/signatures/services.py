"""Attaching an EDS signature to a document: verify, check who signed against the document, store, audit.

``signature_attach(target=..., kind=..., document_sha256=..., cms=..., actor=...)`` is the one call every
signed document uses (the application at submission now; the agreement, the evaluation and the protocol
later). The rules per kind (whose BIN the certificate must carry, which hash is current) are registered by the
owning app in ``kinds.py``; the rule common to all: the certificate's IIN is the signing user's.
"""

import base64
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import User

from . import kinds
from .base import SignatureRefused, get_verifier
from .cms import CmsFormatError, decode_cms
from .models import Signature

SHA256_RE = re.compile(r"[0-9a-f]{64}")

PROBLEM_MESSAGES = {
    "content": _("The signature was made over another document. Sign the hash shown on this page."),
    "digest": _("The signature does not match the document: it was made over other data or altered."),
    "chain": _("The certificate was not issued by a trusted certification authority (NCA of Kazakhstan), or it "
               "was revoked."),
    "revoked": _("The certificate was revoked."),
    "expired": _("The certificate was not valid at the moment of signing (expired or not yet valid)."),
    "no_signing_time": _("The signature has no signing time. Sign again with NCALayer."),
    "structure": _("This is not a CMS signature that can be checked. Sign again with NCALayer."),
}


def signing_required(kind) -> bool:
    """Whether documents of ``kind`` must be signed (``SIGNATURE_REQUIRED`` in settings)."""
    return bool(settings.SIGNATURE_REQUIRED.get(str(kind), False))


def normalized_sha256(value):
    value = str(value or "").strip().lower()
    if not SHA256_RE.fullmatch(value):
        raise SignatureRefused(_("The document hash must be 64 hexadecimal characters (SHA-256)."),
                               code="document_sha256")
    return value


def verify_cms(*, cms, document_sha256):
    """The verifier's result for a base64 CMS over a document hash; SignatureRefused when it is not valid."""
    try:
        der = decode_cms(cms)
        result = get_verifier().verify(cms=der, content=kinds.signed_content(document_sha256))
    except CmsFormatError as exc:
        raise SignatureRefused(PROBLEM_MESSAGES["structure"], code="signature_format") from exc
    if not result.valid:
        raise SignatureRefused(PROBLEM_MESSAGES.get(result.problems[0], PROBLEM_MESSAGES["structure"]),
                               code=f"signature_{result.problems[0]}")
    if result.signed_at and result.signed_at > timezone.now() + timezone.timedelta(minutes=10):
        raise SignatureRefused(_("The signing time lies in the future: check your computer's clock and sign "
                                 "again."), code="signature_time")
    return der, result


def _check_signer(*, result, actor, expected_bin, now):
    """The certificate names the signing user (IIN) and, where the document asks, the organisation (BIN)."""
    signer = result.signer
    if not signer or not signer.iin:
        raise SignatureRefused(_("The certificate carries no IIN; sign with your personal or organisation EDS "
                                 "certificate."), code="signature_no_iin")
    if actor.iin and actor.iin != signer.iin:
        raise SignatureRefused(_("The certificate belongs to another person (IIN %(iin)s), not to the signed-in "
                                 "user. Sign with your own certificate.") % {"iin": signer.iin},
                               code="iin_mismatch")
    if expected_bin and signer.bin != expected_bin:
        if signer.bin:
            message = _("The certificate is of the organisation with BIN %(certificate)s; this document needs a "
                        "certificate of BIN %(expected)s.") % {"certificate": signer.bin, "expected": expected_bin}
        else:
            message = _("This is a personal certificate; this document needs a certificate of the organisation "
                        "with BIN %(expected)s (the head's or an authorised person's).") % {"expected": expected_bin}
        raise SignatureRefused(message, code="bin_mismatch")
    if not actor.iin or actor.iin_verified_at is None:
        _bind_iin(actor=actor, iin=signer.iin, now=now)


def _bind_iin(*, actor, iin, now):
    """A valid signature proves the user holds the certificate: its IIN becomes (or confirms) theirs."""
    if User.objects.filter(iin=iin).exclude(pk=actor.pk).exists():
        raise SignatureRefused(_("This certificate's IIN is already linked to another account on the portal."),
                               code="iin_taken")
    before = actor.iin
    actor.iin, actor.iin_verified_at = iin, now
    User.objects.filter(pk=actor.pk).update(iin=iin, iin_verified_at=now)
    audit.record(actor=actor, action="user.iin_verified", target=actor,
                 before={"iin_set": bool(before)}, after={"iin_verified": True})


@transaction.atomic
def signature_attach(*, target, kind, document_sha256, cms, actor, expected_bin=None, now=None):
    """Verify ``cms`` over ``document_sha256`` of ``target`` and store it; SignatureRefused says why not."""
    now = now or timezone.now()
    document_sha256 = normalized_sha256(document_sha256)
    rule = kinds.rule_for(kind)
    if rule.current_sha256 is not None and rule.current_sha256(target) != document_sha256:
        raise SignatureRefused(_("The document changed after it was signed. Sign its current version."),
                               code="document_changed")
    der, result = verify_cms(cms=cms, document_sha256=document_sha256)
    if expected_bin is None and rule.expected_bin is not None:
        expected_bin = rule.expected_bin(target, actor)
    _check_signer(result=result, actor=actor, expected_bin=expected_bin, now=now)
    signer = result.signer
    signature = Signature.objects.create(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, kind=kind,
        document_sha256=document_sha256, cms=base64.b64encode(der).decode("ascii"), signer_iin=signer.iin,
        signer_bin=signer.bin,
        signer_name=signer.name[:300], signer_organization=signer.organization[:300],
        certificate_serial=signer.serial[:80], certificate_issuer=signer.issuer[:300],
        certificate_not_before=signer.not_before, certificate_not_after=signer.not_after,
        signed_at=result.signed_at, valid_at_signing=result.valid, verified_at=now, verifier=result.verifier,
        signed_by=actor)
    audit.record(actor=actor, action=f"signature.{kind}", target=target,
                 competition_id=getattr(target, "competition_id", None),
                 after={"signature_id": signature.pk, "document_sha256": document_sha256,
                        "certificate_serial": signature.certificate_serial, "signer_bin": signer.bin,
                        "signed_at": result.signed_at.isoformat() if result.signed_at else None,
                        "verifier": result.verifier})
    return signature
