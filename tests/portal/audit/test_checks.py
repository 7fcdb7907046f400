"""Production needs its own audit HMAC key (``portal/audit/checks.py``)."""

from portal.audit.checks import audit_hmac_key

STRONG = "a-strong-random-audit-key-for-production-0123456789"


def _ids(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)
    return [problem.id for problem in audit_hmac_key()]


def test_development_runs_with_the_explicit_dev_key(settings):
    assert _ids(settings, PRODUCTION=False, AUDIT_HMAC_KEY=settings.DEV_AUDIT_HMAC_KEY) == []


def test_production_requires_a_key(settings):
    assert _ids(settings, PRODUCTION=True, AUDIT_HMAC_KEY="") == ["audit.E001"]


def test_the_key_must_not_be_the_secret_key(settings):
    assert _ids(settings, PRODUCTION=True, SECRET_KEY=STRONG, AUDIT_HMAC_KEY=STRONG) == ["audit.E002"]
    assert _ids(settings, PRODUCTION=False, SECRET_KEY=STRONG, AUDIT_HMAC_KEY=STRONG) == ["audit.E002"]
    assert _ids(settings, PRODUCTION=True, SECRET_KEY=STRONG, AUDIT_HMAC_KEY=STRONG[::-1],
                AUDIT_HMAC_OLD_KEYS=[STRONG]) == ["audit.E002"]


def test_production_refuses_the_dev_key_and_short_keys(settings):
    assert _ids(settings, PRODUCTION=True, AUDIT_HMAC_KEY=settings.DEV_AUDIT_HMAC_KEY) == ["audit.E003"]
    assert _ids(settings, PRODUCTION=True, AUDIT_HMAC_KEY="short") == ["audit.E003"]


def test_production_with_its_own_key_passes(settings):
    assert _ids(settings, PRODUCTION=True, SECRET_KEY="another-long-secret-key-for-django-0123456789",
                AUDIT_HMAC_KEY=STRONG) == []
