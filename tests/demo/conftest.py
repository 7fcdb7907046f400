"""The demo is seeded once per test module, inside a transaction rolled back at the end: every test reads
the same world (each test's own writes are rolled back by pytest-django as usual)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # what tests/conftest.py uses per test


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of ``seed_demo`` on an empty database; the data stays until the module is done."""
    media = tmp_path_factory.mktemp("demo-media")
    with (django_db_blocker.unblock(),
          override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER,
                            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
          translation.override("en")):
        with transaction.atomic():
            output = seed()
            yield output
            transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    """Use in tests: the seeded demo, with the test's own changes rolled back afterwards."""
    return seeded
