import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.accounts import services, tokens
from portal.accounts.models import Invitation, Membership, Organization, User
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from tests import factories as f

pytestmark = pytest.mark.django_db


def confirmed_user(**kwargs):
    return f.UserFactory(email_confirmed_at=timezone.now(), **kwargs)


def org_fields(**overrides):
    fields = {"name": "Жастар орталығы", "bin": f.make_bin(), "legal_form": "public_association",
              "region": f.region(), "address": "Kostanay, Baimagambetov 1", "registered_on": date(2019, 5, 4),
              "in_ngo_database": True, "ngo_database_registered_on": date(2020, 1, 10),
              "contact_email": "info@example.kz", "contact_phone": "+7 714 000 00 00", "website": ""}
    fields.update(overrides)
    return fields


# --- sign-up and confirmation --------------------------------------------------------------------


def test_signup_creates_an_unconfirmed_user_and_mails_the_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_signup(email="Aigul@Example.KZ", password="s3cret-Pass-word", full_name="Aigul",
                                    preferred_language="kk", site_url="http://testserver")
    assert user.email == "aigul@example.kz"
    assert user.email_confirmed_at is None
    assert user.check_password("s3cret-Pass-word")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aigul@example.kz"]
    assert "http://testserver/accounts/confirm/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="user.signup", target_id=str(user.pk)).count() == 1


def test_signup_with_an_address_already_registered_mails_its_owner_and_creates_nothing(
        django_capture_on_commit_callbacks):
    owner = f.UserFactory(email="taken@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        result = services.user_signup(email="TAKEN@example.kz", password="s3cret-Pass-word",
                                      site_url="http://testserver")
    assert result is None
    assert User.objects.filter(email__iexact="taken@example.kz").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(f.PASSWORD)  # the stranger's password is not taken
    assert [m.to for m in mail.outbox] == [["taken@example.kz"]]
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body


def unconfirmed(**kwargs):
    return f.UserFactory(email_confirmed_at=None, **kwargs)


def test_confirm_with_a_valid_token_and_the_password_stamps_the_user_once():
    user = unconfirmed()
    token = tokens.email_confirmation_token(user)
    services.user_confirm_email(token=token, password=f.PASSWORD)
    user.refresh_from_db()
    first = user.email_confirmed_at
    assert first is not None
    services.user_confirm_email(token=token, password=f.PASSWORD)  # a second click changes nothing
    user.refresh_from_db()
    assert user.email_confirmed_at == first
    assert AuditEvent.objects.filter(action="user.email_confirmed").count() == 1


def test_confirm_with_the_wrong_password_is_refused():
    user = unconfirmed()
    with pytest.raises(DomainError) as refused:
        services.user_confirm_email(token=tokens.email_confirmation_token(user), password="guess")
    assert refused.value.code == "wrong_password"
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_confirm_with_a_tampered_token_is_refused():
    user = unconfirmed()
    token = tokens.email_confirmation_token(user)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(DomainError) as refused:
        services.user_confirm_email(token=tampered, password=f.PASSWORD)
    assert refused.value.code == "token_invalid"
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_confirm_with_a_token_for_an_old_address_is_refused():
    user = unconfirmed(email="old@example.kz")
    token = tokens.email_confirmation_token(user)
    User.objects.filter(pk=user.pk).update(email="new@example.kz")
    with pytest.raises(DomainError) as refused:
        services.user_confirm_email(token=token, password=f.PASSWORD)
    assert refused.value.code == "token_invalid"


def test_confirm_with_an_expired_token_is_refused(monkeypatch):
    user = unconfirmed()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3 * 24 * 3600 - 60)
    token = tokens.email_confirmation_token(user)
    monkeypatch.setattr(time, "time", real_time)
    with pytest.raises(DomainError) as refused:
        services.user_confirm_email(token=token, password=f.PASSWORD)
    assert refused.value.code == "token_expired"
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_token_just_under_three_days_old_still_works(monkeypatch):
    user = unconfirmed()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3 * 24 * 3600 + 60)
    token = tokens.email_confirmation_token(user)
    monkeypatch.setattr(time, "time", real_time)
    services.user_confirm_email(token=token, password=f.PASSWORD)
    user.refresh_from_db()
    assert user.email_confirmed_at is not None


# --- organisations -------------------------------------------------------------------------------


def test_create_makes_the_creator_owner_and_audits():
    user = confirmed_user()
    organization = services.organization_create(actor=user, **org_fields())
    assert Membership.objects.get(organization=organization).user == user
    assert Membership.objects.get(organization=organization).role == "owner"
    event = AuditEvent.objects.get(action="organization.create")
    assert event.target_id == str(organization.pk)
    assert event.after["bin"] == organization.bin


def test_create_requires_a_confirmed_email():
    user = unconfirmed()
    with pytest.raises(DomainError) as refused:
        services.organization_create(actor=user, **org_fields())
    assert refused.value.code == "email_not_confirmed"
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(("bin_value", "code"), [("12345", "bin_format"), ("12345678901a", "bin_format")])
def test_create_refuses_a_malformed_bin(bin_value, code):
    with pytest.raises(ValidationError) as refused:
        services.organization_create(actor=confirmed_user(), **org_fields(bin=bin_value))
    assert [e.code for e in refused.value.error_dict["bin"]] == [code]
    assert Organization.objects.count() == 0


def test_create_refuses_a_bin_with_a_wrong_check_digit():
    good = f.make_bin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(ValidationError) as refused:
        services.organization_create(actor=confirmed_user(), **org_fields(bin=bad))
    assert [e.code for e in refused.value.error_dict["bin"]] == ["bin_checksum"]


def test_create_refuses_a_duplicate_bin():
    existing = f.OrganizationFactory()
    with pytest.raises(ValidationError) as refused:
        services.organization_create(actor=confirmed_user(), **org_fields(bin=existing.bin))
    assert [e.code for e in refused.value.error_dict["bin"]] == ["unique"]
    assert Organization.objects.count() == 1


def test_create_refuses_a_future_registration_date_and_a_missing_ngo_date():
    fields = org_fields(registered_on=timezone.localdate() + timedelta(days=1), ngo_database_registered_on=None)
    with pytest.raises(ValidationError) as refused:
        services.organization_create(actor=confirmed_user(), **fields)
    assert set(refused.value.error_dict) == {"registered_on", "ngo_database_registered_on"}


def test_update_by_owner_is_audited_and_keeps_the_bin():
    membership = f.MembershipFactory(role="owner")
    organization = membership.organization
    original_bin = organization.bin
    services.organization_update(organization=organization, actor=membership.user, name="New name",
                                 bin=f.make_bin())
    organization.refresh_from_db()
    assert (organization.name, organization.bin) == ("New name", original_bin)
    event = AuditEvent.objects.get(action="organization.update")
    assert event.after == {"name": "New name"}


def test_editor_maintains_the_profile_but_a_stranger_may_not():
    editor = f.MembershipFactory(role="editor")
    services.organization_update(organization=editor.organization, actor=editor.user, name="Renamed by the editor")
    editor.organization.refresh_from_db()
    assert editor.organization.name == "Renamed by the editor"
    stranger = f.UserFactory()
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=editor.organization, actor=stranger, name="Hijack")


# --- invitations and members ---------------------------------------------------------------------


def test_invite_and_accept(django_capture_on_commit_callbacks):
    owner = f.MembershipFactory(role="owner")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.membership_invite(organization=owner.organization, email="New@Example.kz",
                                                actor=owner.user, site_url="http://testserver")
    assert invitation.email == "new@example.kz"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    # the token the invitee receives (signing one here could differ: it carries a one-second timestamp)
    link = reverse("organizations:invitation", kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    token = mail.outbox[0].body.split(link, 1)[1].split()[0].rstrip("/")
    assert tokens.read_invitation_token(token) == (invitation.pk, "new@example.kz")
    invitee = f.UserFactory(email="new@example.kz")
    membership = services.invitation_accept(token=token, actor=invitee)
    assert (membership.organization, membership.role) == (owner.organization, "editor")
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert AuditEvent.objects.filter(action="organization.invitation_accept").count() == 1
    # a second click is harmless
    assert services.invitation_accept(token=token, actor=invitee) == membership


def test_reinviting_a_pending_address_renews_the_same_invitation():
    owner = f.MembershipFactory(role="owner")
    first = services.membership_invite(organization=owner.organization, email="x@example.kz", actor=owner.user)
    second = services.membership_invite(organization=owner.organization, email="x@example.kz", actor=owner.user)
    assert first.pk == second.pk
    assert Invitation.objects.count() == 1


def test_inviting_a_member_is_refused():
    owner = f.MembershipFactory(role="owner")
    with pytest.raises(DomainError) as refused:
        services.membership_invite(organization=owner.organization, email=owner.user.email, actor=owner.user)
    assert refused.value.code == "already_member"


def test_editor_cannot_invite():
    editor = f.MembershipFactory(role="editor")
    with pytest.raises(PermissionDenied):
        services.membership_invite(organization=editor.organization, email="y@example.kz", actor=editor.user)
    assert Invitation.objects.count() == 0


def test_accept_by_another_address_is_refused():
    invitation = f.InvitationFactory(email="invited@example.kz")
    with pytest.raises(PermissionDenied):
        services.invitation_accept(token=tokens.invitation_token(invitation), actor=f.UserFactory())
    assert not Membership.objects.filter(organization=invitation.organization).exists()


def test_accept_after_expiry_is_refused():
    invitation = f.InvitationFactory(email="late@example.kz", created_at=timezone.now() - timedelta(days=8))
    user = f.UserFactory(email="late@example.kz")
    with pytest.raises(DomainError) as refused:
        services.invitation_accept(token=tokens.invitation_token(invitation), actor=user)
    assert refused.value.code == "invitation_expired"


def test_a_tampered_invitation_token_is_refused():
    invitation = f.InvitationFactory(email="t@example.kz")
    token = tokens.invitation_token(invitation)
    with pytest.raises(DomainError) as refused:
        services.invitation_accept(token=token[:-3] + "xyz", actor=f.UserFactory(email="t@example.kz"))
    assert refused.value.code == "invitation_invalid"


def test_last_owner_cannot_be_removed_or_demoted():
    owner = f.MembershipFactory(role="owner")
    with pytest.raises(DomainError) as refused:
        services.membership_remove(membership=owner, actor=owner.user)
    assert refused.value.code == "last_owner"
    with pytest.raises(DomainError):
        services.membership_change_role(membership=owner, role="editor", actor=owner.user)
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_owner_promotes_then_removes_members():
    owner = f.MembershipFactory(role="owner")
    editor = f.MembershipFactory(organization=owner.organization, role="editor")
    services.membership_change_role(membership=editor, role="owner", actor=owner.user)
    editor.refresh_from_db()
    assert editor.role == "owner"
    services.membership_remove(membership=owner, actor=owner.user)  # no longer the last owner
    assert list(Membership.objects.filter(organization=owner.organization)) == [editor]
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["organization.member_role",
                                                                      "organization.member_remove"]


def test_editor_cannot_remove_or_change_roles():
    owner = f.MembershipFactory(role="owner")
    editor = f.MembershipFactory(organization=owner.organization, role="editor")
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=owner, actor=editor.user)
    with pytest.raises(PermissionDenied):
        services.membership_change_role(membership=editor, role="owner", actor=editor.user)
    assert Membership.objects.filter(organization=owner.organization).count() == 2


def test_an_unconfirmed_account_cannot_accept_an_invitation():
    invitation = f.InvitationFactory(email="pending@example.kz")
    with pytest.raises(DomainError) as refused:
        services.invitation_accept(token=tokens.invitation_token(invitation),
                                   actor=unconfirmed(email="pending@example.kz"))
    assert refused.value.code == "email_not_confirmed"
    assert not Membership.objects.filter(organization=invitation.organization).exists()
