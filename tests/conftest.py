import importlib
import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import factories as f

# CI machines are shared and noisy: property tests judge results, never how fast examples are generated.
hypothesis_settings.register_profile("portal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("portal")


def pytest_collection_modifyitems(config, items):
    """``make test`` runs the suite on two pytest-xdist workers (``--dist loadgroup``). Tests that drive the one real
    broker and worker, start and kill servers or race processes share state outside the test database: they run one
    after another on the same worker (group ``serial``); everything else is spread over both."""
    for item in items:
        if item.nodeid.startswith("tests/integration/") or item.get_closest_marker("integration"):
            item.add_marker(pytest.mark.xdist_group("serial"))


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English (the source language); tests of the translations switch language themselves."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "") == "1"


DATA_MIGRATIONS = (
    "portal.reference.migrations.0002_regions_and_priority_areas",
    "scoring.migrations.0002_rubric_templates",
    "projects.migrations.0005_meb_checklist_languages",
)


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _migration_data_for_transactional_tests(request):
    """Transactional tests flush the database afterwards, migration data included (regions, priority
    areas, rubric templates); put it back before each one. The loaders are idempotent."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)


@pytest.fixture
def ngo_user(db):
    return f.MembershipFactory(role="owner").user


@pytest.fixture
def official(db):
    return f.OfficialMembershipFactory().user


@pytest.fixture
def observer(db):
    return f.ObserverMembershipFactory().user


@pytest.fixture
def expert_user(db):
    return f.ExpertProfileFactory().user


@pytest.fixture
def admin_user(db):
    return f.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Sign-in lockouts, API and mail throttles count in the cache: every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _seal_and_trusted_ca(settings, tmp_path_factory):
    """One development seal for the whole run (generated once, outside the worktree); no trusted EDS CA unless a
    test asks for ``pki``."""
    settings.PDF_SEAL_DIR = tmp_path_factory.getbasetemp() / "seal"
    settings.SIGNATURE_TRUSTED_CA_FILES = []
    settings.SIGNATURE_VERIFIER = "portal.signatures.local.LocalCmsVerifier"
    settings.REGISTER_BACKEND = "portal.registers.offline.FixtureRegister"


@pytest.fixture
def pki(settings, tmp_path):
    """A test certification authority the local verifier trusts."""
    from tests.pki import TestCA

    ca = TestCA()
    path = tmp_path / "test-ca.pem"
    path.write_bytes(ca.pem())
    settings.SIGNATURE_TRUSTED_CA_FILES = [str(path)]
    return ca
