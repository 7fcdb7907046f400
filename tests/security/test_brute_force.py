"""[2.2] 2. Brute force: sign-in lockout per account and per address (pages, admin, API), a throttle that does not
believe a forged X-Forwarded-For, counters in a cache all processes share, and mails limited per address and
per client."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from tests import factories as f

from .helpers import api_token, login_post, production, settings_in

pytestmark = pytest.mark.django_db

LIMIT = 10  # LOGIN_FAILURE_LIMIT's default


def test_the_sign_in_page_locks_an_account_after_repeated_failures():
    """Before: any number of wrong passwords, then the right one -> 302 signed in. Now: after 10 failures the right
    password answers 429 and nobody is signed in (for LOGIN_LOCKOUT_MINUTES)."""
    user = f.UserFactory()
    for attempt in range(LIMIT):
        login_post(Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}"), user.email, "wrong-guess")  # a new address each time
    client = Client(REMOTE_ADDR="10.0.1.1")
    response = login_post(client, user.email)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_locks_an_address_that_tries_many_accounts():
    """Before: one client could try a password on any number of accounts. Now: after 10 failures from one address,
    even a right password of another account answers 429."""
    users = f.UserFactory.create_batch(LIMIT + 1)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for user in users[:LIMIT]:
        login_post(client, user.email, "Password1")
    assert login_post(client, users[LIMIT].email).status_code == 429


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout():
    """Before (API throttle): every request with a new X-Forwarded-For counted as a new client. Now, with no
    trusted proxy (TRUSTED_PROXY_COUNT=0), the header is ignored: the 11th try is still locked (429)."""
    user = f.UserFactory()
    for attempt in range(LIMIT):
        login_post(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}"), f"nobody{attempt}@example.kz", "x")
    assert login_post(Client(HTTP_X_FORWARDED_FOR="203.0.113.200"), user.email).status_code == 429


def test_the_admin_sign_in_goes_through_the_limited_page():
    """Before: POST /admin/login/ with an administrator's password -> 302 /admin/, signed in, without any limit.
    Now: /admin/login/ only redirects to /accounts/login/?next=/admin/ (lockout, second factor) and signs no one in."""
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next=/admin/"
    assert "_auth_user_id" not in client.session
    for _attempt in range(LIMIT):
        login_post(client, admin.email, "wrong")
    assert login_post(client, admin.email).status_code == 429


def test_the_api_token_endpoint_locks_too():
    """Before: POST /api/v1/auth/token/ was only throttled at 20/min per (forgeable) client, and the right password
    after 10 failures got a token (200). Now: 429 with code "locked_out"."""
    user = f.UserFactory()
    for _attempt in range(LIMIT):
        api_token(user.email, "wrong")
    response = api_token(user.email)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()


def test_the_api_throttle_identifies_the_client_by_its_address_not_by_x_forwarded_for():
    """Before: NUM_PROXIES unset, DRF took X-Forwarded-For as the client (a new value each request, no throttle).
    Now: 0 trusted proxies by default, so the identity is REMOTE_ADDR."""
    request = Request(RequestFactory().post("/api/v1/auth/token/", REMOTE_ADDR="192.0.2.10",
                                            HTTP_X_FORWARDED_FOR="203.0.113.99"))
    assert SimpleRateThrottle.get_ident(SimpleRateThrottle.__new__(SimpleRateThrottle), request) == "192.0.2.10"


def test_counters_live_in_a_cache_shared_by_every_process():
    """Before: no CACHES setting, so throttles counted in each process's own memory (LocMemCache). Now: Redis when
    the broker is Redis, the database on the embedded default, and the trusted proxy count is a setting (0)."""
    code, redis = settings_in(production(CELERY_BROKER_URL="redis://127.0.0.1:6379/3"))
    assert code == 0, redis
    assert redis["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["PROXIES"] == 0
    code, embedded = settings_in({"DJANGO_ENV": "development"})
    assert code == 0, embedded
    assert embedded["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    code, behind_proxy = settings_in(production(TRUSTED_PROXY_COUNT="1"))
    assert behind_proxy["PROXIES"] == 1


def test_sign_up_mails_are_limited_per_address(django_capture_on_commit_callbacks):
    """Before: each sign-up POST mailed at once (an account-exists answer sent nothing, but new addresses had no
    limit at all). Now: at most MAIL_LIMIT_PER_ADDRESS (3) an hour per address; the next answers 429."""
    data = {"full_name": "A", "email": "target@example.kz", "preferred_language": "ru",
            "password1": "Steppe-wind-2026", "password2": "Steppe-wind-2026"}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [Client(REMOTE_ADDR=f"10.1.0.{i}").post(reverse("signup"), data).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len([m for m in mail.outbox if m.to == ["target@example.kz"]]) == 3


def test_password_reset_mails_are_limited_per_address():
    """Before: every POST /accounts/password/reset/ mailed the account (a mail bomb). Now: 3 an hour, then 429."""
    user = f.UserFactory()
    statuses = [Client(REMOTE_ADDR=f"10.2.0.{i}").post(reverse("password_reset"), {"email": user.email}).status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_mails_are_limited_per_client_across_addresses():
    """Before: one client could have the portal mail any number of addresses. Now: MAIL_LIMIT_PER_IP (20) an hour."""
    users = f.UserFactory.create_batch(21)
    client = Client(REMOTE_ADDR="192.0.2.33")
    statuses = [client.post(reverse("password_reset"), {"email": u.email}).status_code for u in users]
    assert statuses == [302] * 20 + [429]


def test_invitation_mails_are_limited_per_address(django_capture_on_commit_callbacks):
    """Before: an owner could re-send an invitation to one address without end. Now: 3 an hour, then 429."""
    owner = f.MembershipFactory(role="owner")
    client = Client()
    client.force_login(owner.user)
    path = reverse("organizations:invite", kwargs={"pk": owner.organization_id})
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(path, {"email": "colleague@example.kz"}).status_code for _i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len([m for m in mail.outbox if re.search("/organizations/invitations/", m.body)]) == 3
