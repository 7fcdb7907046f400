import os

import pytest

from tests import factories as f


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
