"""Session limits (portal/accounts/sessions.py): marks written at sign-in, idle and absolute limits, a session
without marks ended, "last seen" written at most once a minute."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from portal.accounts import sessions
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_sign_in_marks_the_session_with_its_start_and_idle_timeout(settings):
    settings.SESSION_IDLE_MINUTES, settings.SESSION_IDLE_MINUTES_PRIVILEGED = 120, 30
    for user, idle in ((f.MembershipFactory().user, 7200), (f.OfficialMembershipFactory().user, 1800),
                       (f.UserFactory(is_staff=True), 1800)):
        client = Client()
        client.force_login(user)
        session = client.session
        assert session[sessions.IDLE] == idle
        assert abs(session[sessions.STARTED] - time.time()) < 5 and session[sessions.SEEN] == session[sessions.STARTED]


def test_a_session_without_marks_is_ended():
    user = f.UserFactory()
    store = SessionStore()
    store[SESSION_KEY], store["_auth_user_backend"] = str(user.pk), "portal.accounts.backends.EmailBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    client = Client()
    client.cookies["sessionid"] = store.session_key
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_last_seen_is_written_at_most_once_a_minute():
    client = Client()
    client.force_login(f.MembershipFactory().user)
    session = client.session
    session[sessions.SEEN] -= 30
    session.save()
    before = client.session[sessions.SEEN]
    client.get(reverse("dashboard"))
    assert client.session[sessions.SEEN] == before
    session = client.session
    session[sessions.SEEN] -= 61
    session.save()
    client.get(reverse("dashboard"))
    assert abs(client.session[sessions.SEEN] - time.time()) < 5
