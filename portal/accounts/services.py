"""Every write of the accounts app: sign-up, e-mail confirmation, passwords, API tokens, organisations, members,
invitations. (The second factor's writes are in ``mfa.py``.)"""

from datetime import timedelta

import rules
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from portal.notifications.services import later, notify, outbox_enqueue_email
from portal.registers import services as registers
from portal.signatures.claims import claim_document
from portal.signatures.enums import SignatureKind
from portal.signatures.services import signature_attach

from . import tokens
from .models import ApiToken, Invitation, Membership, MembershipRole, Organization, OwnershipMethod, User

ORGANIZATION_FIELDS = (
    "name", "bin", "legal_form", "region", "address", "registered_on", "in_ngo_database",
    "ngo_database_registered_on", "contact_email", "contact_phone", "website",
)
# Taken from the state register once it has confirmed the organisation; the applicant's word until then.
REGISTER_SOURCED_FIELDS = ("registered_on", "in_ngo_database", "ngo_database_registered_on")
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


def _password_reset_link(user, site_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return _site_url(site_url) + reverse("password_reset_confirm",
                                         kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


@transaction.atomic
def user_signup(*, email, password, full_name="", preferred_language="kk", actor=None, site_url=None):
    """Create an account and mail its confirmation link; returns the new user.

    An address that already has an account gets no second account and no error (the answer must not tell
    whether an address is registered): its owner is mailed a sign-in and password-reset link instead, and
    ``None`` is returned. The account can do nothing until the link is followed (see ``user_confirm_email``).
    """
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as for a new account: the answer's timing tells nothing either
        _mail_later(to=existing.email, language=existing.preferred_language,
                    subject_template="accounts/email/account_exists_subject.txt",
                    body_template="accounts/email/account_exists.txt",
                    context={"user": existing, "reset_link": _password_reset_link(existing, site_url),
                             "login_link": _site_url(site_url) + reverse("login")})
        return None
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


def user_resend_confirmation(*, email, site_url=None):
    """A new link for an unconfirmed account with this address; nothing (and no sign of it) otherwise."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True, email_confirmed_at__isnull=True).first()
    if user is not None:
        user_send_confirmation(user=user, actor=None, site_url=site_url)
    return user is not None


def user_from_confirmation_token(token):
    """The account a confirmation link was issued for; raises DomainError on a bad or old link."""
    try:
        user_id, email = tokens.read_email_confirmation_token(token)
    except tokens.TokenExpired as exc:
        raise DomainError(_("This confirmation link has expired. Ask for a new one."),
                          code="token_expired") from exc
    except tokens.TokenInvalid as exc:
        raise DomainError(_("This confirmation link is not valid. Check that you copied all of it."),
                          code="token_invalid") from exc
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.email.lower() != email:
        raise DomainError(_("This confirmation link is not valid. Check that you copied all of it."),
                          code="token_invalid")
    return user


@transaction.atomic
def user_confirm_email(*, token, password, actor=None, now=None):
    """Confirm the address the link was issued for. The link proves the mailbox, the password proves the person
    who signed up: someone who receives a link for an account they did not create cannot confirm it (and so
    cannot hand a stranger an account in their name). Idempotent; raises DomainError on a bad link or password.
    """
    user = user_from_confirmation_token(token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password or ""):
        raise DomainError(_("The password is not right. Enter the password you chose when you created the account."),
                          code="wrong_password")
    if user.email_confirmed_at is not None:
        return user
    user.email_confirmed_at = now or timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    audit.record(actor=user, action="user.email_confirmed", target=user, after={"email": user.email})
    return user


@transaction.atomic
def user_password_changed(*, user, actor, reset=False, now=None):
    """After a password change or reset: the API tokens are gone (``passwords.RevokeApiTokensOnChange`` revoked them
    when the password was saved; this makes sure) and other sessions end (Django's session hash). A reset also
    confirms the address: its link reached the mailbox."""
    ApiToken.objects.filter(user=user).delete()
    after = {"api_tokens_revoked": True}
    if reset and user.email_confirmed_at is None:
        user.email_confirmed_at = now or timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        after["email_confirmed"] = True
    audit.record(actor=actor, action="user.password_reset" if reset else "user.password_changed", target=user,
                 after=after)
    return user


# --- API tokens ----------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user, actor, name=""):
    """A new API token; returns ``(token, key)``. Only the digest is stored: the key is shown this once."""
    if actor.pk != user.pk:
        raise PermissionDenied
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    if limit and ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).count() >= limit:
        raise DomainError(_("You have too many API tokens. Revoke the ones you no longer use on your profile page."),
                          code="too_many_tokens")
    token, key = ApiToken.objects.create(user=user, name=name[:100])
    audit.record(actor=actor, action="user.api_token_create", target=user,
                 after={"token": token.token_key, "expires": token.expiry.isoformat() if token.expiry else None})
    return token, key


@transaction.atomic
def api_token_revoke(*, token, actor):
    if actor.pk != token.user_id:
        raise PermissionDenied
    audit.record(actor=actor, action="user.api_token_revoke", target=token.user, before={"token": token.token_key})
    token.delete()


@transaction.atomic
def api_tokens_revoke_all(*, user, actor):
    if actor.pk != user.pk:
        raise PermissionDenied
    revoked = ApiToken.objects.filter(user=user).delete()[0]
    audit.record(actor=actor, action="user.api_tokens_revoke_all", target=user, after={"revoked": revoked})
    return revoked


@transaction.atomic
def user_update_profile(*, user, actor, full_name, phone, preferred_language, iin=None):
    """``iin`` (None: unchanged) can be changed until an EDS signature has proven it."""
    if actor.pk != user.pk:
        raise PermissionDenied
    user.full_name, user.phone, user.preferred_language = full_name.strip(), phone.strip(), preferred_language
    fields = ["full_name", "phone", "preferred_language"]
    if iin is not None and user.iin_verified_at is None:
        iin = iin.strip()
        if iin and User.objects.filter(iin=iin).exclude(pk=user.pk).exists():
            raise DomainError(_("This IIN is already linked to another account on the portal."), code="iin_taken")
        user.iin = iin
        fields.append("iin")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def user_set_language(*, user, actor, language):
    """Save the language chosen in the switcher as the profile's (the offer after signing in)."""
    if actor.pk != user.pk:
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the portal's languages."), code="language_unknown")
    before = user.preferred_language
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    audit.record(actor=actor, action="user.language_set", target=user, before={"preferred_language": before},
                 after={"preferred_language": language})
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


def organization_create(*, actor, register_record=..., **fields):
    """Register an organisation; the creator becomes its owner. The state register is asked first (outside the
    transaction: it may be slow) and its answer fills the eligibility facts; ``register_record`` may be passed
    when the caller has just looked it up (None: the register is down)."""
    _require_confirmed(actor)
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    if register_record is ...:
        register_record = registers.lookup(fields.get("bin", ""))
    return _organization_create(actor=actor, register_record=register_record, fields=fields)


@transaction.atomic
def _organization_create(*, actor, register_record, fields):
    organization = Organization(**fields)
    registers.apply_record(organization, register_record, now=timezone.now())
    _save_organization(organization)
    Membership.objects.create(user=actor, organization=organization, role=MembershipRole.OWNER)
    actor.__dict__.pop("_portal_roles", None)
    audit.record(actor=actor, action="organization.create", target=organization,
                 after={**_values(organization, ORGANIZATION_FIELDS),
                        "verification_status": organization.verification_status})
    return organization


@transaction.atomic
def organization_update(*, organization, actor, **fields):
    if not rules.has_perm("accounts.change_organization", actor, organization):
        raise PermissionDenied
    fields.pop("bin", None)  # the BIN identifies the organisation; an administrator corrects it if ever needed
    if organization.verified_at is not None:  # the register's facts are not the applicant's to change
        for name in REGISTER_SOURCED_FIELDS:
            fields.pop(name, None)
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
    if not rules.has_perm("accounts.manage_members", actor, organization):
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

    _require_confirmed(actor)
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
    if not rules.has_perm("accounts.manage_members", actor, organization):
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
    if not rules.has_perm("accounts.manage_members", actor, organization):
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


# --- Ownership: proven with an EDS certificate carrying the BIN, or approved by an administrator ----------------


def organization_claim_sha256(organization_bin, user):
    """The document a claimer signs: bound to the BIN and to the claiming account, so no one else can reuse it."""
    return claim_document(organization_bin, user)[1]


@transaction.atomic
def organization_claim(*, organization, document_sha256, cms, actor, now=None):
    """The signed-in person proves with an EDS certificate carrying the organisation's BIN that it is theirs and
    becomes its only owner. A claim over an organisation whose ownership nobody has proven takes it over: the
    earlier members are removed (their access rested on their word alone), both sides are notified, and the
    audit keeps who held it before. Ownership proven by someone else is changed only by an administrator."""
    _require_confirmed(actor)
    now = now or timezone.now()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    memberships = list(Membership.objects.select_for_update().select_related("user").filter(
        organization=organization))
    holders = {m.user_id for m in memberships if m.role == MembershipRole.OWNER}
    if (organization.ownership_verified_at is not None and organization.ownership_verified_by_id != actor.pk
            and organization.ownership_verified_by_id in holders):
        raise DomainError(_("The ownership of this organisation was already proven by its owner. Ask them to invite "
                            "you, or write to the administrator if the organisation's head has changed."),
                          code="ownership_proven")
    if document_sha256 != organization_claim_sha256(organization.bin, actor):
        raise DomainError(_("The signed document is not this claim. Sign the claim shown on this page."),
                          code="document_changed")
    signature = signature_attach(target=organization, kind=SignatureKind.ORGANIZATION_CLAIM,
                                 document_sha256=document_sha256, cms=cms, actor=actor,
                                 expected_bin=organization.bin, now=now)
    removed = [m for m in memberships if m.user_id != actor.pk]
    takeover = actor.pk not in holders
    if takeover:
        Membership.objects.filter(pk__in=[m.pk for m in removed]).delete()
        Invitation.objects.filter(organization=organization, accepted_at__isnull=True).delete()
        Membership.objects.update_or_create(user=actor, organization=organization,
                                            defaults={"role": MembershipRole.OWNER})
        for membership in removed:
            membership.user.__dict__.pop("_portal_roles", None)
    actor.__dict__.pop("_portal_roles", None)
    organization.ownership_verified_at, organization.ownership_verified_by = now, actor
    organization.ownership_method = OwnershipMethod.EDS
    organization.save(update_fields=["ownership_verified_at", "ownership_verified_by", "ownership_method"])
    audit.record(actor=actor, action="organization.claim", target=organization,
                 before={"owners": sorted(m.user.email for m in memberships if m.role == MembershipRole.OWNER)},
                 after={"owner": actor.email, "takeover": takeover, "signature_id": signature.pk,
                        "removed_members": sorted(m.user.email for m in removed) if takeover else []})
    url = reverse("organizations:detail", kwargs={"pk": organization.pk})
    if takeover and removed:
        notify(users=[m.user for m in removed],
               subject=later(_("%(organization)s: ownership proven with an EDS certificate by another person"),
                             organization=organization.name),
               body=later(_("%(person)s proved with an EDS certificate carrying BIN %(bin)s that %(organization)s "
                            "is theirs. Your membership, which had not been proven, has ended. If this is wrong, "
                            "write to the portal's administrator."),
                          person=actor, bin=organization.bin, organization=organization.name))
    notify(users=[actor], subject=later(_("%(organization)s: your ownership is proven"),
                                        organization=organization.name),
           body=later(_("Your EDS certificate proved that %(organization)s (BIN %(bin)s) is yours. You are its "
                        "owner.") if not (takeover and removed) else
                      _("Your EDS certificate proved that %(organization)s (BIN %(bin)s) is yours. You are its only "
                        "owner now: the earlier members were removed; invite the people who work with you."),
                      organization=organization.name, bin=organization.bin),
           url=url)
    return organization


@transaction.atomic
def organization_approve_ownership(*, organization, actor, now=None):
    """An administrator confirms that the present owner holds the organisation (no EDS at hand)."""
    if not actor.is_staff:
        raise PermissionDenied
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    owner = (Membership.objects.select_related("user").filter(organization=organization, role=MembershipRole.OWNER)
             .order_by("created_at").first())
    if owner is None:
        raise DomainError(_("The organisation has no owner to approve."), code="no_owner")
    organization.ownership_verified_at, organization.ownership_verified_by = now or timezone.now(), owner.user
    organization.ownership_method = OwnershipMethod.ADMIN
    organization.save(update_fields=["ownership_verified_at", "ownership_verified_by", "ownership_method"])
    audit.record(actor=actor, action="organization.ownership_approved", target=organization,
                 after={"owner": owner.user.email, "method": OwnershipMethod.ADMIN})
    return organization
