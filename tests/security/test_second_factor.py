"""[2.2] 3. Second factor (TOTP with recovery codes) where MFA_REQUIRED_ROLES says, the same on the API's token
endpoint and the admin; sessions with an idle timeout and an absolute lifetime."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from tests import factories as f

from .helpers import api_token, login_post, model, production, settings_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_ROLES = ["official", "admin"]


def code_for(device, *, step_offset=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + step_offset):06d}"


def with_authenticator(user):
    device = model("otp_totp.TOTPDevice").objects.create(user=user, name="authenticator", confirmed=True)
    static = model("otp_static.StaticDevice").objects.create(user=user, name="recovery codes", confirmed=True)
    model("otp_static.StaticToken").objects.create(device=static, token="recover1234")
    return device


def test_an_official_sets_up_the_authenticator_before_the_first_sign_in(required):
    """Before: the password alone -> 302 /dashboard/, signed in. Now: 302 to /accounts/login/code/, not signed in;
    that page shows a QR code (inline SVG) and, with a right code, signs in and shows recovery codes once."""
    official = f.OfficialMembershipFactory().user
    client = Client()
    response = login_post(client, official.email)
    assert response.status_code == 302 and response["Location"] == reverse("login_code")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("login_code")).content.decode()
    assert "<svg" in page and "otpauth" not in page  # the secret travels only inside the QR picture and typed key
    device = model("otp_totp.TOTPDevice").objects.get(user=official, confirmed=False)
    assert client.post(reverse("login_code"), {"code": "000000" if code_for(device) != "000000" else "111111"}
                       ).status_code == 400
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.session["_auth_user_id"] == str(official.pk)
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_user_with_an_authenticator_is_asked_for_the_code_and_a_recovery_code_works_once():
    """Before: no second factor existed. Now (any role, here an NGO that turned it on): the code step; a recovery
    code signs in once, a second use is refused."""
    user = f.MembershipFactory().user
    with_authenticator(user)
    first = Client()
    assert login_post(first, user.email)["Location"] == reverse("login_code")
    assert first.post(reverse("login_code"), {"code": "RECOVER1234"}).status_code == 302
    assert first.session["_auth_user_id"] == str(user.pk)
    second = Client()
    login_post(second, user.email)
    assert second.post(reverse("login_code"), {"code": "recover1234"}).status_code == 400
    assert "_auth_user_id" not in second.session


def test_the_token_endpoint_asks_for_the_code_exactly_when_the_sign_in_page_does(required):
    """Before: POST /api/v1/auth/token/ with e-mail and password -> 200 for anyone. Now: an official without the
    code gets 400 naming "otp"; the right code 200; the same code again (a replay) 401. An NGO without a second
    factor needs none; an official who never set one up is told to do it on the site (403)."""
    official = f.OfficialMembershipFactory().user
    device = with_authenticator(official)
    missing = api_token(official.email)
    assert missing.status_code == 400 and "otp" in missing.json()
    code = code_for(device)
    assert api_token(official.email, otp=code).status_code == 200
    assert api_token(official.email, otp=code).status_code == 401
    assert api_token(f.MembershipFactory().user.email).status_code == 200
    not_set_up = api_token(f.OfficialMembershipFactory().user.email)
    assert not_set_up.status_code == 403 and not_set_up.json()["code"] == "otp_setup_required"


def test_the_admin_requires_a_verified_session_where_administrators_need_a_second_factor(required):
    """Before: a staff session opened /admin/ (200) whatever it had shown. Now: only a session that passed the
    code step opens it; an unverified one is sent to sign in again (302)."""
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    device = with_authenticator(admin)
    unverified = Client()
    unverified.force_login(admin)
    assert unverified.get("/admin/").status_code == 302
    verified = Client()
    login_post(verified, admin.email)
    assert verified.post(reverse("login_code"), {"code": code_for(device)}).status_code == 302
    assert verified.get("/admin/").status_code == 200


def test_the_required_roles_are_a_setting_none_in_development_officials_and_admins_in_production():
    """Before: no such setting. Now: MFA_REQUIRED_ROLES, ["official", "admin"] in production, [] in development
    (so `make run`'s demo logins work without an authenticator)."""
    code, values = settings_in(production())
    assert code == 0, values
    assert values["MFA"] == ["official", "admin"]
    code, values = settings_in({"DJANGO_ENV": "development"})
    assert values["MFA"] == []


def test_an_officials_session_ends_after_thirty_idle_minutes_an_ngos_later():
    """Before: a session lived two weeks whatever happened. Now: officials and administrators are signed out after
    SESSION_IDLE_MINUTES_PRIVILEGED (30) idle minutes; others after SESSION_IDLE_MINUTES (120)."""
    official, ngo = f.OfficialMembershipFactory().user, f.MembershipFactory().user
    clients = {}
    for name, user in (("official", official), ("ngo", ngo)):
        client = Client()
        client.force_login(user)
        session = client.session
        session["portal_seen_at"] = int(time.time()) - 31 * 60
        session.save()
        clients[name] = client
    response = clients["official"].get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert clients["ngo"].get(reverse("dashboard")).status_code == 200


def test_every_session_ends_after_its_absolute_lifetime():
    """Before: activity kept a session alive for ever. Now: SESSION_MAX_HOURS (12) after sign-in it ends."""
    client = Client()
    client.force_login(f.MembershipFactory().user)
    session = client.session
    session["portal_started_at"] = int(time.time()) - 13 * 3600
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
