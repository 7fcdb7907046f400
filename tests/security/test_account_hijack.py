"""[2.2] 1. Account pre-hijack: sign-up with someone else's address, tokens that outlive the password.

Each test names the request that used to succeed and what answers now.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts import tokens
from portal.accounts.models import Membership, User
from tests import factories as f

from .helpers import api_token, login_post, model, token_client

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.kz"
SIGNUP = {"full_name": "Attacker", "email": VICTIM, "preferred_language": "ru",
          "password1": "Attackers-own-pass-1", "password2": "Attackers-own-pass-1"}


def test_sign_up_does_not_sign_in_before_the_address_is_confirmed():
    """Before: POST /accounts/signup/ -> 302 /dashboard/, signed in. Now: 200 "check your mail", not signed in."""
    client = Client()
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("organizations:create")).status_code == 302  # to the sign-in page


def test_an_unconfirmed_account_gets_no_api_token():
    """Before: POST /api/v1/auth/token/ for an unconfirmed account -> 200 with a token. Now: 403, no token."""
    Client().post(reverse("signup"), SIGNUP)
    response = api_token(VICTIM, "Attackers-own-pass-1")
    assert response.status_code == 403
    assert "token" not in response.json()


def test_an_unconfirmed_account_cannot_sign_in_on_the_pages():
    """Before: POST /accounts/login/ -> 302 signed in. Now: 400 "not confirmed yet", not signed in."""
    user = f.UserFactory(email_confirmed_at=None)
    client = Client()
    response = login_post(client, user.email)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_account_cannot_accept_an_invitation_or_register_an_organisation():
    """Before: a signed-in unconfirmed account POSTing the invitation link joined the NGO (302, membership made,
    address marked confirmed). Now: its session is anonymous (302 to sign-in), nothing joined, nothing confirmed."""
    invitation = f.InvitationFactory(email=VICTIM)
    attacker = f.UserFactory(email=VICTIM, email_confirmed_at=None)
    client = Client()
    client.force_login(attacker)
    path = reverse("organizations:invitation", kwargs={"token": tokens.invitation_token(invitation)})
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Membership.objects.filter(user=attacker).exists()
    attacker.refresh_from_db()
    assert attacker.email_confirmed_at is None


def test_sign_up_with_a_registered_address_answers_as_for_a_new_one_and_mails_the_owner(
        django_capture_on_commit_callbacks):
    """Before: 400 "An account with this e-mail address already exists" (tells who is registered). Now: the same
    200 page as a new sign-up; the owner is mailed a sign-in and password-reset link; nothing changes."""
    owner = f.UserFactory(email=VICTIM)
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(reverse("signup"), SIGNUP)
        new = Client().post(reverse("signup"), {**SIGNUP, "email": "someone-new@example.kz"})
    assert known.status_code == new.status_code == 200
    pages = [[t.name for t in r.templates if t.name.endswith(".html")][0] for r in (known, new)]
    assert pages == ["accounts/signup_sent.html"] * 2
    def page(response, address):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode().replace(address, "@"))

    assert page(known, VICTIM) == page(new, "someone-new@example.kz")
    assert User.objects.filter(email__iexact=VICTIM).count() == 1
    owner.refresh_from_db()
    assert owner.check_password(f.PASSWORD)
    to_owner = [m for m in mail.outbox if m.to == [VICTIM]]
    assert len(to_owner) == 1 and "/accounts/password/reset/" in to_owner[0].body


def test_the_confirmation_link_alone_does_not_confirm_someone_elses_account():
    """Before: GET /accounts/confirm/<token>/ confirmed the account (the victim clicking the link in an unsolicited
    mail handed the attacker a confirmed account). Now: GET shows a form; confirming needs the account's password."""
    attacker_account = f.UserFactory(email=VICTIM, email_confirmed_at=None)
    path = reverse("confirm_email", kwargs={"token": tokens.email_confirmation_token(attacker_account)})
    victim = Client()
    assert victim.get(path).status_code == 200
    assert victim.post(path, {"password": "the victim does not know it"}).status_code == 400
    attacker_account.refresh_from_db()
    assert attacker_account.email_confirmed_at is None


def test_api_tokens_are_stored_hashed():
    """Before: rest_framework.authtoken kept the key itself in authtoken_token.key. Now: no table holds the key."""
    user = f.UserFactory()
    key = api_token(user.email).json()["token"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if "token" not in table:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            for row in cursor.fetchall():
                assert all(key not in str(value) for value in row), f"{table} stores the token"


def test_api_tokens_expire_after_thirty_days_by_default():
    """Before: a token never expired (no expiry in the answer). Now: it expires after API_TOKEN_TTL_DAYS (30) and is
    then refused with 401."""
    user = f.UserFactory()
    body = api_token(user.email).json()
    expiry = timezone.datetime.fromisoformat(body["expiry"])
    assert timedelta(days=29, hours=23) < expiry - timezone.now() <= timedelta(days=30)
    client = token_client(body["token"])
    assert client.get("/api/v1/organizations/").status_code == 200
    model("accounts.ApiToken").objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/organizations/").status_code == 401


def test_a_password_reset_revokes_every_api_token():
    """Before: after the owner reset the password, the attacker's token still read the API (200). Now: 401."""
    user = f.UserFactory(email=VICTIM)
    client = token_client(api_token(VICTIM).json()["token"])
    browser = Client()
    browser.post(reverse("password_reset"), {"email": VICTIM})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    form = browser.get(link, follow=True)
    browser.post(form.redirect_chain[-1][0], {"new_password1": "Owner-new-pass-2026", "new_password2":
                                              "Owner-new-pass-2026"})
    user.refresh_from_db()
    assert user.check_password("Owner-new-pass-2026")
    assert client.get("/api/v1/organizations/").status_code == 401


def test_a_password_change_revokes_every_api_token():
    """Before: the token survived POST /accounts/password/change/ (200 on the API afterwards). Now: 401."""
    user = f.UserFactory()
    client = token_client(api_token(user.email).json()["token"])
    browser = Client()
    browser.force_login(user)
    response = browser.post(reverse("password_change"), {"old_password": f.PASSWORD,
                                                         "new_password1": "Fresh-pass-2026-x",
                                                         "new_password2": "Fresh-pass-2026-x"})
    assert response.status_code == 302
    assert client.get("/api/v1/organizations/").status_code == 401


def test_tokens_are_listed_on_the_profile_page_and_revocable_there():
    """Before: the profile page showed no tokens and none could be revoked. Now: listed (created, expires, last
    used) and POST /accounts/tokens/revoke/ ends one (401 on the API afterwards)."""
    user = f.UserFactory()
    key = api_token(user.email, name="Reporting script").json()["token"]
    client = token_client(key)
    client.get("/api/v1/organizations/")
    browser = Client()
    browser.force_login(user)
    page = browser.get(reverse("profile")).content.decode()
    assert "Reporting script" in page and key[:8] in page and key not in page
    token = model("accounts.ApiToken").objects.get(user=user)
    assert token.last_used_at is not None
    assert browser.post(reverse("token_revoke"), {"token": token.digest}).status_code == 302
    assert client.get("/api/v1/organizations/").status_code == 401


def test_the_whole_pre_hijack_chain_fails():
    """The issue's story: the attacker signs up with the victim's address, takes a token, the victim (who later
    creates the account) resets the password and joins an NGO; the token then reads the NGO's applications.
    Before: every step worked. Now: the attacker gets no token at step two, and nothing to keep after a reset."""
    Client().post(reverse("signup"), SIGNUP)
    assert api_token(VICTIM, "Attackers-own-pass-1").status_code == 403
    victim = User.objects.get(email=VICTIM)
    browser = Client()
    browser.post(reverse("password_reset"), {"email": VICTIM})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    form = browser.get(link, follow=True)
    browser.post(form.redirect_chain[-1][0], {"new_password1": "Victims-own-pass-9", "new_password2":
                                              "Victims-own-pass-9"})
    victim.refresh_from_db()
    assert victim.email_confirmed_at is not None  # the reset link proved the mailbox
    assert api_token(VICTIM, "Attackers-own-pass-1").status_code == 401
    assert api_token(VICTIM, "Victims-own-pass-9").status_code == 200
