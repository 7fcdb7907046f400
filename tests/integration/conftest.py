"""Fixtures for the integration tests (real worker, real broker, pytest-django's test database).

These tests are transactional (the worker reads what the test committed). Django flushes the database
after every transactional test, migration data included, and re-creates content types with new ids;
``serialized_rollback=True`` then fails with a duplicate content type as soon as another transactional
test (the browser tests) ran before. So do not use it here: ``migration_data`` (autouse in this
directory) puts the migration data back before each test.
"""

import importlib

import pytest

DATA_MIGRATIONS = (
    "portal.reference.migrations.0002_regions_and_priority_areas",
    "scoring.migrations.0002_rubric_templates",
)


@pytest.fixture(autouse=True)
def migration_data(transactional_db):
    """Regions, priority areas, MCI rates and rubric templates as the data migrations load them (idempotent)."""
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
