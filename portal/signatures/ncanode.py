"""The production verifier: an NCANode server (https://github.com/malikzh/NCANode, API 3.x) at ``NCANODE_URL``.

``POST /cms/verify`` with ``{"cms": base64, "data": base64 (detached only), "revocationCheck": ["OCSP"]}``
answers ``{"status": 200, "message": "OK", "valid": bool, "signers": [{"certificates": [CertificateInfo],
"tsp": {...}}]}``; a ``CertificateInfo`` carries ``valid``, ``notBefore``, ``notAfter``, ``serialNumber`` and
``subject``/``issuer`` with ``iin``, ``bin``, ``commonName``, ``organization``, ``dn``. NCANode checks the
signature, the chain to the Kazakh root CAs (GOST) and revocation; the portal reads the signing time from the
CMS itself (or the time-stamp NCANode reports) and the attached content is compared here.
"""

import base64
from datetime import datetime

import requests
from django.conf import settings

from .base import SignatureUnavailable, SignatureVerifier, VerificationResult
from .cms import CertificateFacts, attached_content, load_signed_data, signing_time


def _time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _facts(info):
    subject, issuer = info.get("subject") or {}, info.get("issuer") or {}
    name = " ".join(p for p in (subject.get("commonName"), subject.get("lastName")) if p)
    return CertificateFacts(
        iin=str(subject.get("iin") or ""), bin=str(subject.get("bin") or ""), name=name,
        organization=subject.get("organization") or "", serial=str(info.get("serialNumber") or "").lower(),
        issuer=issuer.get("commonName") or issuer.get("dn") or "",
        not_before=_time(info.get("notBefore")), not_after=_time(info.get("notAfter")),
    )


class NcaNodeVerifier(SignatureVerifier):
    name = "ncanode"

    def __init__(self, url=None, timeout=None):
        self.url = (url or settings.NCANODE_URL).rstrip("/")
        self.timeout = timeout or settings.NCANODE_TIMEOUT

    def _post(self, path, payload):
        try:
            response = requests.post(f"{self.url}{path}", json=payload, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SignatureUnavailable() from exc
        if response.status_code >= 500:
            raise SignatureUnavailable()
        try:
            return response.status_code, response.json()
        except ValueError as exc:
            raise SignatureUnavailable() from exc

    def verify(self, *, cms, content):
        signed_data = load_signed_data(cms)
        embedded = attached_content(signed_data)
        payload = {"cms": base64.b64encode(cms).decode(),
                   "revocationCheck": list(settings.NCANODE_REVOCATION_CHECK)}
        if embedded is None:
            payload["data"] = base64.b64encode(content).decode()
        code, answer = self._post("/cms/verify", payload)
        problems = []
        if embedded is not None and embedded != content:
            problems.append("content")
        signers = answer.get("signers") or [] if code == 200 else []
        # NCANode 3 names the list "certificates"; its OpenAPI file once said "signers": read both.
        certificates = (signers[0].get("certificates") or signers[0].get("signers") or []) if signers else []
        if code != 200 or not certificates:
            return VerificationResult(False, None, signing_time(signed_data), self.name, problems + ["structure"])
        info = certificates[0]
        facts = _facts(info)
        tsp = signers[0].get("tsp") or {}
        signed_at = _time(tsp.get("genTime")) or signing_time(signed_data)
        if not answer.get("valid") or not info.get("valid"):
            revoked = any(r.get("revoked") for r in info.get("revocations") or [])
            problems.append("revoked" if revoked else "chain")
        if signed_at is None:
            problems.append("no_signing_time")
        elif facts.not_before and facts.not_after and not (facts.not_before <= signed_at <= facts.not_after):
            problems.append("expired")
        return VerificationResult(not problems, facts, signed_at, self.name, problems)
