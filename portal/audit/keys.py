"""The HMAC keys of the audit trail, from settings: ``AUDIT_HMAC_KEY`` seals, ``AUDIT_HMAC_OLD_KEYS`` (keys
rotated out) still verify. The keys live outside the database, so write access to it is not enough to
rewrite the chain undetected."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import chain


def current_key() -> str:
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if not key:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY is not set: audit events cannot be sealed.")
    return key


def keyring() -> dict[str, str]:
    """Every key that verifies (the current one and the rotated-out ones), by key id."""
    return chain.keyring(getattr(settings, "AUDIT_HMAC_KEY", ""), getattr(settings, "AUDIT_HMAC_OLD_KEYS", ()))
