import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts import tokens
from portal.accounts.models import Invitation, Membership, Organization, User
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def org_post(**overrides):
    data = {"name": "Youth centre", "bin": f.make_bin(), "legal_form": "public_association",
            "region": f.region().pk, "address": "Kostanay", "registered_on": "2019-05-04",
            "in_ngo_database": "on", "ngo_database_registered_on": "2020-01-10", "contact_email": "",
            "contact_phone": "", "website": ""}
    data.update(overrides)
    return data


# --- sign-up, confirmation, sign-in, profile -----------------------------------------------------


def test_signup_mails_the_link_and_confirming_with_the_password_signs_in(django_capture_on_commit_callbacks):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), {
            "full_name": "Aigul Serikova", "email": "aigul@example.kz", "preferred_language": "kk",
            "password1": "Steppe-wind-2026", "password2": "Steppe-wind-2026"})
    assert response.status_code == 200
    assert "Check your mail" in response.content.decode()
    assert "_auth_user_id" not in client.session  # not signed in before confirming
    user = User.objects.get(email="aigul@example.kz")
    assert user.preferred_language == "kk" and user.email_confirmed_at is None
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200  # a form: a GET confirms nothing
    user.refresh_from_db()
    assert user.email_confirmed_at is None
    wrong = client.post(path, {"password": "not-the-password"})
    assert wrong.status_code == 400 and 'id="id_password_error"' in wrong.content.decode()
    response = client.post(path, {"password": "Steppe-wind-2026"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert client.get(reverse("dashboard")).status_code == 200


def test_signup_with_a_weak_password_is_400_with_the_message_beside_the_field():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("signup"), {
        "full_name": "A", "email": "a@example.kz", "preferred_language": "ru",
        "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_password1_error"' in html
    assert "This password is entirely numeric." in html
    assert not User.objects.filter(email="a@example.kz").exists()


def test_confirm_link_tampered_gives_400():
    user = f.UserFactory(email_confirmed_at=None)
    token = tokens.email_confirmation_token(user) + "x"
    response = Client().post(reverse("confirm_email", kwargs={"token": token}), {"password": f.PASSWORD})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_resend_sends_a_new_link_to_an_unconfirmed_account_and_answers_alike_otherwise(
        django_capture_on_commit_callbacks):
    user = f.UserFactory(email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("resend_confirmation"), {"email": user.email.upper()})
        other = Client().post(reverse("resend_confirmation"), {"email": "nobody@example.kz"})
    assert response.status_code == other.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert "/accounts/confirm/" in mail.outbox[0].body


def test_sign_in_of_an_unconfirmed_account_is_refused_and_sends_a_new_link(django_capture_on_commit_callbacks):
    user = f.UserFactory(email_confirmed_at=None)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("login"), {"username": user.email, "password": f.PASSWORD})
    assert response.status_code == 400
    assert "not confirmed yet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and "/accounts/confirm/" in mail.outbox[0].body


def test_sign_in_with_email_lands_on_dashboard_in_the_preferred_language():
    user = f.UserFactory(preferred_language="kk")
    response = Client().post(reverse("login"), {"username": user.email.upper(), "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"


def test_wrong_password_is_400():
    user = f.UserFactory()
    response = Client().post(reverse("login"), {"username": user.email, "password": "nope"})
    assert response.status_code == 400


def test_profile_saves_and_switches_language():
    user = f.UserFactory()
    client = signed_in(user)
    response = client.post(reverse("profile"), {"full_name": "New Name", "phone": "+7 700 000 0000",
                                                "preferred_language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.preferred_language) == ("New Name", "+7 700 000 0000", "en")


def test_password_reset_mails_a_link_by_email():
    user = f.UserFactory()
    response = Client().post(reverse("password_reset"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


# --- organisations -------------------------------------------------------------------------------


def test_create_organisation_makes_the_user_owner():
    user = f.UserFactory(email_confirmed_at=timezone.now())
    data = org_post(bin="")
    data["bin"] = " ".join(re.findall("....", f.make_bin()))  # typed with spaces
    response = signed_in(user).post(reverse("organizations:create"), data)
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": organization.pk})
    assert organization.bin == data["bin"].replace(" ", "")
    assert Membership.objects.get(organization=organization).user == user


def test_unconfirmed_user_cannot_create_an_organisation():
    client = Client()
    client.force_login(f.UserFactory(email_confirmed_at=None))  # a session from before the rule: anonymous now
    response = client.post(reverse("organizations:create"), org_post())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(("bin_value", "message"), [
    ("12345", "A BIN is exactly 12 digits."),
    ("BIN123456789", "A BIN is exactly 12 digits."),
    ("checksum", "This BIN fails its check digit"),
])
def test_bad_bin_is_400_with_the_message_beside_the_field_and_nothing_saved(bin_value, message):
    if bin_value == "checksum":
        good = f.make_bin()
        bin_value = good[:11] + str((int(good[11]) + 1) % 10)
    user = f.UserFactory(email_confirmed_at=timezone.now())
    response = signed_in(user).post(reverse("organizations:create"), org_post(bin=bin_value, name="Kept name"))
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<p class="error-message" id="id_bin_error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    assert 'href="#id_bin"' in html  # the error summary links to the field
    assert 'value="Kept name"' in html  # nothing typed is lost
    assert Organization.objects.count() == 0


def test_duplicate_bin_suggests_asking_for_an_invitation():
    existing = f.OrganizationFactory()
    user = f.UserFactory(email_confirmed_at=timezone.now())
    response = signed_in(user).post(reverse("organizations:create"), org_post(bin=existing.bin))
    assert response.status_code == 400
    assert "Ask its owner to invite you" in response.content.decode()
    assert Organization.objects.count() == 1


def test_future_registration_date_is_400():
    user = f.UserFactory(email_confirmed_at=timezone.now())
    future = (timezone.localdate() + timezone.timedelta(days=2)).isoformat()
    response = signed_in(user).post(reverse("organizations:create"), org_post(registered_on=future))
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert Organization.objects.count() == 0


def test_ngo_database_date_required_when_flagged():
    user = f.UserFactory(email_confirmed_at=timezone.now())
    response = signed_in(user).post(reverse("organizations:create"), org_post(ngo_database_registered_on=""))
    assert response.status_code == 400
    assert 'id="id_ngo_database_registered_on_error"' in response.content.decode()


def test_forged_post_without_csrf_is_refused():
    user = f.UserFactory(email_confirmed_at=timezone.now())
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("organizations:create"), org_post()).status_code == 403
    assert Organization.objects.count() == 0


def test_owner_and_editor_rights():
    owner = f.MembershipFactory(role="owner")
    organization = owner.organization
    editor = f.MembershipFactory(organization=organization, role="editor")
    as_editor = signed_in(editor.user)
    detail = as_editor.get(reverse("organizations:detail", kwargs={"pk": organization.pk}))
    assert detail.status_code == 200
    assert reverse("organizations:invite", kwargs={"pk": organization.pk}) not in detail.content.decode()
    # Editors maintain the profile too; only owners decide who is a member.
    assert as_editor.get(reverse("organizations:edit", kwargs={"pk": organization.pk})).status_code == 200
    assert as_editor.post(reverse("organizations:invite", kwargs={"pk": organization.pk}),
                          {"email": "x@example.kz"}).status_code == 403
    assert as_editor.post(reverse("organizations:member_remove",
                                  kwargs={"pk": organization.pk, "member_pk": owner.pk})).status_code == 403
    assert as_editor.post(reverse("organizations:member_role", kwargs={"pk": organization.pk, "member_pk": editor.pk}),
                          {"role": "owner"}).status_code == 403
    assert Invitation.objects.count() == 0
    assert Membership.objects.filter(organization=organization).count() == 2
    editor.refresh_from_db()
    assert editor.role == "editor"

    as_owner = signed_in(owner.user)
    response = as_owner.post(reverse("organizations:member_remove",
                                     kwargs={"pk": organization.pk, "member_pk": editor.pk}))
    assert response.status_code == 302
    assert list(Membership.objects.filter(organization=organization)) == [owner]


def test_outsider_gets_404_on_an_organisation():
    organization = f.MembershipFactory().organization
    outsider = signed_in(f.MembershipFactory().user)
    assert outsider.get(reverse("organizations:detail", kwargs={"pk": organization.pk})).status_code == 404


def test_last_owner_removal_is_refused_with_a_message():
    owner = f.MembershipFactory(role="owner")
    response = signed_in(owner.user).post(reverse("organizations:member_remove",
                                                  kwargs={"pk": owner.organization_id, "member_pk": owner.pk}))
    assert response.status_code == 400
    assert "The last owner cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_invitation_flow_after_sign_up(django_capture_on_commit_callbacks):
    owner = f.MembershipFactory(role="owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(owner.user).post(reverse("organizations:invite", kwargs={"pk": owner.organization_id}),
                                              {"email": "colleague@example.kz"})
    assert response.status_code == 302
    path = re.search(r"/organizations/invitations/\S+/", mail.outbox[0].body).group(0)

    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = visitor.get(path)
    assert page.status_code == 200
    assert "signup" in page.content.decode()
    assert visitor.post(path)["Location"].startswith(reverse("login"))

    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(reverse("signup"), {"full_name": "Colleague", "email": "colleague@example.kz",
                                         "preferred_language": "ru", "password1": "Steppe-wind-2026",
                                         "password2": "Steppe-wind-2026", "next": path})
    assert visitor.post(path)["Location"].startswith(reverse("login"))  # not signed in until confirmed
    confirm = re.search(r"/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    assert visitor.post(confirm, {"password": "Steppe-wind-2026"}).status_code == 302
    response = visitor.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="colleague@example.kz")
    assert (membership.organization_id, membership.role) == (owner.organization_id, "editor")


def test_someone_else_cannot_accept_an_invitation():
    invitation = f.InvitationFactory(email="invited@example.kz")
    stranger = signed_in(f.UserFactory())
    path = reverse("organizations:invitation", kwargs={"token": tokens.invitation_token(invitation)})
    assert stranger.post(path).status_code == 403
    assert not Membership.objects.filter(organization=invitation.organization).exists()


def _queries_for(path, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(user)
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_dashboard_panel_query_count_does_not_grow_with_organisations():
    """The dashboard also renders other apps' panels, so compare 1 and 12 organisations rather than pin."""
    counts = {}
    for count in (1, 12):
        user = f.UserFactory()
        for _ in range(count):
            f.MembershipFactory(user=user)
        f.InvitationFactory(email=user.email)
        counts[count], html = _queries_for(reverse("dashboard"), user)
        assert html.count('href="/organizations/') >= count
    assert counts[1] == counts[12]


@pytest.mark.parametrize("count", [1, 12])
def test_organization_list_query_count(django_assert_num_queries, count):
    user = f.UserFactory()
    for _ in range(count):
        f.MembershipFactory(user=user)
    client = signed_in(user)
    client.get(reverse("organizations:list"))
    with django_assert_num_queries(5):
        response = client.get(reverse("organizations:list"))
    assert response.status_code == 200
