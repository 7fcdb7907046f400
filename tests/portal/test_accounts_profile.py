"""The profile page: API tokens (listed with a pinned query count, revoked one by one or all) and the second
factor (set up, recovery codes, turned off), as a person does it in the browser."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import mfa, services
from portal.accounts.models import ApiToken
from portal.audit.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("count", [1, 8])
def test_profile_lists_tokens_with_the_same_queries_for_one_and_many(count, django_assert_num_queries):
    user = f.UserFactory()
    for index in range(count):
        services.api_token_create(user=user, actor=user, name=f"script {index}")
    client = signed_in(user)
    client.get(reverse("profile"))  # roles cached on nothing across requests: measure a second, steady request
    # 12: the session, the user and its roles, the tokens, the second factor, SMS and Telegram links and choices
    with django_assert_num_queries(12):
        page = client.get(reverse("profile")).content.decode()
    assert page.count('name="token"') == count


def test_revoke_one_and_all_tokens():
    user = f.UserFactory()
    first, _key = services.api_token_create(user=user, actor=user)
    services.api_token_create(user=user, actor=user)
    other = f.UserFactory()
    other_users_token, _other_key = services.api_token_create(user=other, actor=other)
    client = signed_in(user)
    assert client.post(reverse("token_revoke"), {"token": other_users_token.digest}).status_code == 404
    assert client.post(reverse("token_revoke"), {"token": first.digest}).status_code == 302
    assert ApiToken.objects.filter(user=user).count() == 1
    assert client.post(reverse("tokens_revoke_all")).status_code == 302
    assert ApiToken.objects.filter(user=user).count() == 0
    assert ApiToken.objects.filter(pk=other_users_token.pk).exists()
    assert list(AuditEvent.objects.filter(action__startswith="user.api_token").values_list("action", flat=True)
                .order_by("pk")) == ["user.api_token_create"] * 3 + ["user.api_token_revoke",
                                                                       "user.api_tokens_revoke_all"]


def test_setting_up_the_second_factor_from_the_profile_shows_recovery_codes_once():
    user = f.UserFactory()
    client = signed_in(user)
    assert client.post(reverse("mfa_setup_start")).status_code == 302
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("mfa_setup"), {"code": "12345"}).status_code == 400  # five digits
    response = client.post(reverse("mfa_setup"), {"code": code_for(device)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)
    assert mfa.enabled_for(user)
    assert "recovery codes left" in client.get(reverse("profile")).content.decode()
    assert AuditEvent.objects.filter(action="user.mfa_enabled").count() == 1


def test_new_recovery_codes_replace_the_old_ones():
    user = f.UserFactory()
    device = mfa.setup_begin(user=user, actor=user)
    _device, old = mfa.setup_confirm(user=user, code=code_for(device), actor=user)
    response = signed_in(user).post(reverse("mfa_recovery_renew"))
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert mfa.verify(user, new[0]) is not None
    assert mfa.verify(user, old[0]) is None  # (after the right one: a failure slows the next try down)


def test_turning_the_second_factor_off_needs_a_code_and_is_refused_for_a_required_role(settings):
    user = f.UserFactory()
    device = mfa.setup_begin(user=user, actor=user)
    _device, codes = mfa.setup_confirm(user=user, code=code_for(device), actor=user)
    client = signed_in(user)
    wrong = client.post(reverse("mfa_disable"), {"disable-code": "000000"})
    assert wrong.status_code == 400 and 'id="id_disable-code_error"' in wrong.content.decode()
    settings.MFA_REQUIRED_ROLES = ["ngo"]
    f.MembershipFactory(user=user)
    user.__dict__.pop("_portal_roles", None)
    assert client.post(reverse("mfa_disable"), {"disable-code": codes[0]}).status_code == 403
    settings.MFA_REQUIRED_ROLES = []
    assert client.post(reverse("mfa_disable"), {"disable-code": codes[1]}).status_code == 302
    assert not mfa.enabled_for(user)
