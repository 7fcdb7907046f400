"""System checks: production needs its own audit HMAC key (audit.E001-E003)."""

from django.conf import settings
from django.core import checks

MIN_KEY_LENGTH = 32


@checks.register(checks.Tags.security)
def audit_hmac_key(app_configs=None, **kwargs):
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    old = getattr(settings, "AUDIT_HMAC_OLD_KEYS", [])
    problems = []
    if key and (key == settings.SECRET_KEY or settings.SECRET_KEY in old):
        problems.append(checks.Error(
            "AUDIT_HMAC_KEY (or one of AUDIT_HMAC_OLD_KEYS) equals SECRET_KEY.",
            hint="Use a separate random key for the audit chain, e.g. `python -c 'import secrets; "
                 "print(secrets.token_urlsafe(48))'`.", id="audit.E002"))
    if not getattr(settings, "PRODUCTION", False):
        return problems
    if not key:
        problems.append(checks.Error(
            "AUDIT_HMAC_KEY is not set: audit events cannot be sealed.",
            hint="Set AUDIT_HMAC_KEY in the environment (a random string of at least 32 characters, kept "
                 "outside the database and its backups).", id="audit.E001"))
    elif key == settings.DEV_AUDIT_HMAC_KEY or len(key) < MIN_KEY_LENGTH:
        problems.append(checks.Error(
            f"AUDIT_HMAC_KEY is the development key or shorter than {MIN_KEY_LENGTH} characters.",
            hint="Set a random key of at least 32 characters.", id="audit.E003"))
    return problems
