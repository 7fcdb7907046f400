"""Every write of the accounts app: sign-up, e-mail confirmation, organisations, members, invitations."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from portal.notifications.services import outbox_enqueue_email

from . import tokens
from .models import Invitation, Membership, MembershipRole, Organization, User

ORGANIZATION_FIELDS = (
    "name", "bin", "legal_form", "region", "address", "registered_on", "in_ngo_database",
    "ngo_database_registered_on", "contact_email", "contact_phone", "website",
)
INVITATION_LIFETIME = timedelta(days=7)


class EmailNotConfirmed(DomainError):
    status_code = 403

    def __init__(self):
        super().__init__(_("Confirm your e-mail address first: follow the link we sent you, or ask for a new one."),
                         code="email_not_confirmed")


def _site_url(site_url):
    return (site_url or settings.SITE_URL).rstrip("/")


def _mail_later(*, to, language, subject_template, body_template, context):
    """Render the message now in the recipient's language, send it after the transaction commits."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    outbox_enqueue_email(to=to, subject=subject, body=body, sensitive=True)


def _require_confirmed(actor):
    if actor is None or actor.email_confirmed_at is None:
        raise EmailNotConfirmed()


def _values(instance, fields):
    out = {}
    for name in fields:
        value = getattr(instance, name)
        out[name] = getattr(value, "pk", value)
    return out


# --- Users ---------------------------------------------------------------------------------------


@transaction.atomic
def user_signup(*, email, password, full_name="", preferred_language="ru", actor=None, site_url=None):
    """Create an account and send its e-mail confirmation link. ``actor`` is the (anonymous) visitor."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this e-mail address already exists. Sign in or reset your password."),
                          code="email_taken")
    user = User.objects.create_user(email=email, password=password, full_name=full_name.strip(),
                                    preferred_language=preferred_language)
    audit.record(actor=user, action="user.signup", target=user,
                 after={"email": email, "preferred_language": preferred_language})
    user_send_confirmation(user=user, actor=user, site_url=site_url)
    return user


def user_send_confirmation(*, user, actor, site_url=None):
    """(Re)send the confirmation link; a confirmed address gets nothing."""
    if user.email_confirmed_at is not None:
        return False
    token = tokens.email_confirmation_token(user)
    link = _site_url(site_url) + reverse("confirm_email", kwargs={"token": token})
    _mail_later(to=user.email, language=user.preferred_language,
                subject_template="accounts/email/confirm_email_subject.txt",
                body_template="accounts/email/confirm_email.txt",
                context={"user": user, "link": link, "days": tokens.EMAIL_CONFIRMATION_MAX_AGE.days})
    return True


@transaction.atomic
def user_confirm_email(*, token, actor=None, now=None):
    """Confirm the address the token was issued for. Idempotent; raises DomainError on a bad or old token."""
    try:
        user_id, email = tokens.read_email_confirmation_token(token)
    except tokens.TokenExpired as exc:
        raise DomainError(_("This confirmation link has expired. Sign in and ask for a new one."),
                          code="token_expired") from exc
    except tokens.TokenInvalid as exc:
        raise DomainError(_("This confirmation link is not valid. Check that you copied all of it."),
                          code="token_invalid") from exc
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or user.email.lower() != email:
        raise DomainError(_("This confirmation link is not valid. Check that you copied all of it."),
                          code="token_invalid")
    if user.email_confirmed_at is not None:
        return user
    user.email_confirmed_at = now or timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    audit.record(actor=actor if getattr(actor, "pk", None) else user, action="user.email_confirmed", target=user,
                 after={"email": user.email})
    return user


@transaction.atomic
def user_update_profile(*, user, actor, full_name, phone, preferred_language):
    if actor.pk != user.pk:
        raise PermissionDenied
    user.full_name, user.phone, user.preferred_language = full_name.strip(), phone.strip(), preferred_language
    user.save(update_fields=["full_name", "phone", "preferred_language"])
    return user


# --- Organisations -------------------------------------------------------------------------------


def _save_organization(organization):
    organization.full_clean()
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        raise DomainError(_("An organisation with this BIN is already registered on the portal."),
                          code="bin_taken") from exc


@transaction.atomic
def organization_create(*, actor, **fields):
    """Register an organisation; the creator becomes its owner."""
    _require_confirmed(actor)
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organization = Organization(**fields)
    _save_organization(organization)
    Membership.objects.create(user=actor, organization=organization, role=MembershipRole.OWNER)
    actor.__dict__.pop("_portal_roles", None)
    audit.record(actor=actor, action="organization.create", target=organization,
                 after=_values(organization, ORGANIZATION_FIELDS))
    return organization


@transaction.atomic
def organization_update(*, organization, actor, **fields):
    if not actor.has_perm("accounts.change_organization", organization):
        raise PermissionDenied
    fields.pop("bin", None)  # the BIN identifies the organisation; an administrator corrects it if ever needed
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = _values(organization, fields)
    for name, value in fields.items():
        setattr(organization, name, value)
    _save_organization(organization)
    after = _values(organization, fields)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit.record(actor=actor, action="organization.update", target=organization,
                     before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return organization


# --- Members and invitations ---------------------------------------------------------------------


def _owner_count(organization):
    return Membership.objects.filter(organization=organization, role=MembershipRole.OWNER).count()


@transaction.atomic
def membership_invite(*, organization, email, actor, role=MembershipRole.EDITOR, now=None, site_url=None):
    """Invite a person by e-mail. Re-inviting a pending address renews the same invitation."""
    if not actor.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    now = now or timezone.now()
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise DomainError(_("This person is already a member of the organisation."), code="already_member")
    invitation = (Invitation.objects.select_for_update()
                  .filter(organization=organization, email__iexact=email, accepted_at__isnull=True).first())
    if invitation is None:
        invitation = Invitation.objects.create(organization=organization, email=email, role=role, invited_by=actor,
                                               created_at=now, expires_at=now + INVITATION_LIFETIME)
    else:
        invitation.role, invitation.invited_by = role, actor
        invitation.created_at, invitation.expires_at = now, now + INVITATION_LIFETIME
        invitation.save(update_fields=["role", "invited_by", "created_at", "expires_at"])
    audit.record(actor=actor, action="organization.invite", target=organization,
                 after={"email": email, "role": role, "invitation_id": invitation.pk})
    link = _site_url(site_url) + reverse("organizations:invitation",
                                         kwargs={"token": tokens.invitation_token(invitation)})
    invitee = User.objects.filter(email__iexact=email).first()
    _mail_later(to=email, language=getattr(invitee, "preferred_language", None) or actor.preferred_language,
                subject_template="accounts/email/invitation_subject.txt",
                body_template="accounts/email/invitation.txt",
                context={"invitation": invitation, "organization": organization, "inviter": actor, "link": link,
                         "days": INVITATION_LIFETIME.days, "has_account": invitee is not None})
    return invitation


def invitation_from_token(token):
    """The invitation a link points to; raises DomainError when the link is bad or older than 7 days."""
    try:
        invitation_id, email = tokens.read_invitation_token(token)
    except tokens.TokenExpired as exc:
        raise DomainError(_("This invitation has expired. Ask the organisation's owner to invite you again."),
                          code="invitation_expired") from exc
    except tokens.TokenInvalid as exc:
        raise DomainError(_("This invitation link is not valid. Check that you copied all of it."),
                          code="invitation_invalid") from exc
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.email.lower() != email:
        raise DomainError(_("This invitation is no longer valid. Ask the organisation's owner to invite you again."),
                          code="invitation_invalid")
    return invitation


@transaction.atomic
def invitation_accept(*, token, actor, now=None):
    """The signed-in person the invitation was sent to joins the organisation."""
    from portal.notifications.services import later, notify

    now = now or timezone.now()
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if actor.email.lower() != invitation.email.lower():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == actor.pk:
            return Membership.objects.get(user=actor, organization=invitation.organization)
        raise DomainError(_("This invitation has already been used."), code="invitation_used")
    if invitation.expires_at <= now:
        raise DomainError(_("This invitation has expired. Ask the organisation's owner to invite you again."),
                          code="invitation_expired")
    membership, created = Membership.objects.get_or_create(
        user=actor, organization=invitation.organization, defaults={"role": invitation.role})
    invitation.accepted_at, invitation.accepted_by = now, actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if actor.email_confirmed_at is None:
        # The link reached this mailbox, which is what a confirmation proves.
        actor.email_confirmed_at = now
        actor.save(update_fields=["email_confirmed_at"])
    actor.__dict__.pop("_portal_roles", None)
    audit.record(actor=actor, action="organization.invitation_accept", target=invitation.organization,
                 after={"user": actor.email, "role": membership.role, "invitation_id": invitation.pk,
                        "new_member": created})
    if invitation.invited_by is not None:
        notify(users=[invitation.invited_by],
               subject=later(_("%(person)s joined %(organization)s"), person=actor,
                             organization=invitation.organization.name),
               url=reverse("organizations:detail", kwargs={"pk": invitation.organization_id}))
    return membership


@transaction.atomic
def membership_remove(*, membership, actor):
    organization = membership.organization
    if not actor.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    list(Membership.objects.select_for_update().filter(organization=organization, role=MembershipRole.OWNER))
    if membership.role == MembershipRole.OWNER and _owner_count(organization) <= 1:
        raise DomainError(_("The last owner cannot be removed. Make another member an owner first."),
                          code="last_owner")
    audit.record(actor=actor, action="organization.member_remove", target=organization,
                 before={"user": membership.user.email, "role": membership.role})
    membership.delete()
    membership.user.__dict__.pop("_portal_roles", None)


@transaction.atomic
def membership_change_role(*, membership, role, actor):
    organization = membership.organization
    if not actor.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    if role not in MembershipRole.values:
        raise DomainError(_("Choose a valid role."), code="invalid_role")
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    list(Membership.objects.select_for_update().filter(organization=organization, role=MembershipRole.OWNER))
    before = membership.role
    if before == role:
        return membership
    if before == MembershipRole.OWNER and _owner_count(organization) <= 1:
        raise DomainError(_("The last owner cannot stop being an owner. Make another member an owner first."),
                          code="last_owner")
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(actor=actor, action="organization.member_role", target=organization,
                 before={"user": membership.user.email, "role": before},
                 after={"user": membership.user.email, "role": role})
    return membership
