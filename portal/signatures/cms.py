"""Reading CMS SignedData and Kazakh EDS certificates: pure parsing (asn1crypto), no verification, no Django.

A Kazakh EDS certificate names its holder in the subject: ``SERIALNUMBER=IIN<12 digits>`` for the person and,
on a legal entity's certificate, ``OU=BIN<12 digits>`` for the organisation; ``CN`` is "SURNAME NAME" and
``GIVENNAME`` the patronymic, ``O`` the organisation's name.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, x509

PEM_RE = re.compile(r"-----(BEGIN|END) [A-Z0-9 ]+-----")


class CmsFormatError(ValueError):
    """The bytes are not a CMS SignedData structure."""


def decode_cms(text) -> bytes:
    """Base64 (as NCALayer returns it, possibly PEM-wrapped or with line breaks) -> DER bytes."""
    if isinstance(text, bytes | bytearray):
        if text[:1] == b"\x30":  # already DER
            return bytes(text)
        text = bytes(text).decode("ascii", "replace")
    cleaned = re.sub(r"\s+", "", PEM_RE.sub("", str(text or "")))
    if not cleaned:
        raise CmsFormatError("empty")
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CmsFormatError("not base64") from exc


def load_signed_data(der: bytes) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise CmsFormatError(f"content type {info['content_type'].native}")
        signed_data = info["content"]
        signed_data.native  # parse everything now: a malformed structure fails here, not later  # noqa: B018
    except CmsFormatError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError, TypeError, KeyError... on malformed input
        raise CmsFormatError(str(exc)[:200]) from exc
    if len(signed_data["signer_infos"]) != 1:
        raise CmsFormatError("exactly one signer expected")
    return signed_data


def attached_content(signed_data) -> bytes | None:
    """The encapsulated content of an attached signature, None for a detached one."""
    content = signed_data["encap_content_info"]["content"]
    return None if content.native is None else content.native


def signed_attribute(signed_data, name):
    attrs = signed_data["signer_infos"][0]["signed_attrs"]
    for attr in attrs if attrs.native is not None else []:
        if attr["type"].native == name:
            return attr["values"][0].native
    return None


def signing_time(signed_data) -> datetime | None:
    """The signer's claimed signing time (signed attribute ``signingTime``), or None."""
    return signed_attribute(signed_data, "signing_time")


def signer_certificate(signed_data) -> x509.Certificate | None:
    """The certificate the signer info points at (issuer and serial, or subject key identifier)."""
    sid = signed_data["signer_infos"][0]["sid"]
    for choice in signed_data["certificates"] if signed_data["certificates"].native is not None else []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            if (cert.issuer == sid.chosen["issuer"]
                    and cert.serial_number == sid.chosen["serial_number"].native):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


@dataclass(frozen=True)
class CertificateFacts:
    """Who a certificate names and when it is valid."""

    iin: str
    bin: str
    name: str
    organization: str
    serial: str  # hex, lower case
    issuer: str
    not_before: datetime | None
    not_after: datetime | None


def _digits_after(prefix, value):
    match = re.fullmatch(rf"{prefix}(\d{{12}})", (value or "").strip().upper())
    return match.group(1) if match else ""


def _first(values):
    if isinstance(values, list):
        return values[0] if values else ""
    return values or ""


def name_facts(subject: dict):
    """(IIN, BIN, full name, organisation) from a subject as asn1crypto's ``Name.native`` gives it."""
    iin = _digits_after("IIN", _first(subject.get("serial_number")))
    units = subject.get("organizational_unit_name") or []
    units = units if isinstance(units, list) else [units]
    bin_ = next((b for b in (_digits_after("BIN", u) for u in units) if b), "")
    full_name = " ".join(p for p in (_first(subject.get("common_name")), _first(subject.get("given_name"))) if p)
    return iin, bin_, full_name, _first(subject.get("organization_name"))


def certificate_facts(cert: x509.Certificate) -> CertificateFacts:
    iin, bin_, full_name, organization = name_facts(cert.subject.native)
    validity = cert["tbs_certificate"]["validity"]
    return CertificateFacts(
        iin=iin, bin=bin_, name=full_name, organization=organization,
        serial=format(cert.serial_number, "x"), issuer=cert.issuer.human_friendly,
        not_before=validity["not_before"].native, not_after=validity["not_after"].native,
    )
