"""Writes of the expert register (invitations, acceptance, profiles) and of a competition's expert pool."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import ExpertAffiliation, ExpertProfile, User
from portal.errors import DomainError
from portal.notifications.services import outbox_enqueue_task

from ..models import ExpertInvitation, PoolMember
from .selectors import course_done_ids, course_required, lapsed_expert_ids

INVITATION_SALT = "scoring.expert-invitation"
INVITATION_DAYS = 14


def expert_invitation_token(invitation):
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def expert_invitation_from_token(token):
    """The pending invitation behind ``token``, or None (bad signature, unknown, used or expired)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.BadSignature:
        return None
    invitation = ExpertInvitation.objects.filter(pk=data.get("i")).first()
    if invitation is None or not invitation.is_pending_at(timezone.now()):
        return None
    return invitation


@transaction.atomic
def expert_invite(*, email, actor, full_name="", message="", body=None):
    email = User.objects.normalize_email(email).lower()
    if ExpertProfile.objects.filter(user__email__iexact=email, is_active=True).exists():
        raise DomainError(_("This person is already in the expert register."), code="already_expert")
    now = timezone.now()
    invitation = ExpertInvitation.objects.create(email=email, full_name=full_name, message=message, body=body,
                                                 invited_by=actor, created_at=now,
                                                 expires_at=now + timedelta(days=INVITATION_DAYS))
    audit.record(actor=actor, action="expert.invited", target=invitation, after={"email": email,
                 "body_id": body.pk if body else None})
    outbox_enqueue_task(task="scoring.send_expert_invitation", kwargs={"invitation_id": invitation.pk})
    return invitation


def expert_invitation_send(*, invitation):
    """E-mail the invitation link (called by the Celery task)."""
    url = settings.SITE_URL + reverse("scoring:invitation_accept",
                                      kwargs={"token": expert_invitation_token(invitation)})
    subject = str(_("Invitation to the expert register of the grants portal"))
    body = str(_("You are invited to join the expert register of the state social order and grants portal. "
                 "Open this link within %(days)s days to accept:")) % {"days": INVITATION_DAYS}
    text = f"{body}\n\n{url}\n\n{invitation.message}".strip()
    send_mail(subject, text, None, [invitation.email])


@transaction.atomic
def expert_invitation_accept(*, invitation, user, actor=None):
    invitation = ExpertInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending_at(timezone.now()):
        raise DomainError(_("This invitation has been used or has expired."), code="invitation_used")
    if user.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."), code="invitation_email")
    profile, created = ExpertProfile.objects.get_or_create(user=user, defaults={"invited_by": invitation.invited_by})
    if not created and not profile.is_active:
        profile.is_active = True
        profile.save(update_fields=["is_active"])
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(actor=actor or user, action="expert.joined", target=profile, after={"invitation_id": invitation.pk})
    return profile


@transaction.atomic
def expert_invitation_signup(*, invitation, full_name, password):
    """An invitee without an account: the account is created and the invitation accepted, together."""
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    expert_invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def expert_profile_update(*, profile, actor, priority_areas, regions, languages, affiliations, bio="",
                          max_load=None, is_active=None):
    """Replace the profile's areas, regions, languages and affiliations (dicts with organization_bin,
    organization_name, kind, started_on, ended_on)."""
    before = _profile_state(profile)
    profile.languages = sorted(set(languages))
    profile.bio = bio
    fields = ["languages", "bio"]
    if max_load is not None:
        profile.max_load = max_load
        fields.append("max_load")
    if is_active is not None:
        profile.is_active = is_active
        fields.append("is_active")
    profile.save(update_fields=fields)
    profile.priority_areas.set(priority_areas)
    profile.regions.set(regions)
    profile.affiliations.all().delete()
    ExpertAffiliation.objects.bulk_create([ExpertAffiliation(expert=profile, **row) for row in affiliations])
    audit.record(actor=actor, action="expert.profile_updated", target=profile, before=before,
                 after=_profile_state(profile))
    return profile


def _profile_state(profile):
    return {"areas": sorted(profile.priority_areas.values_list("code", flat=True)),
            "regions": sorted(profile.regions.values_list("code", flat=True)),
            "languages": list(profile.languages or []), "max_load": profile.max_load, "active": profile.is_active,
            "affiliations": [[a.organization_bin, a.kind, a.started_on, a.ended_on]
                             for a in profile.affiliations.order_by("organization_bin", "kind")]}


def pool_refusals(experts):
    """``[(expert, reason)]`` for the experts a pool may not take: out of the register (inactive or their term
    ended) and, when ``EXPERT_COURSE_REQUIRED`` is on, without the methodology course."""
    experts = list(experts)
    lapsed = lapsed_expert_ids([e.pk for e in experts])
    done = course_done_ids([e.pk for e in experts]) if course_required() else None
    refusals = []
    for expert in experts:
        if not expert.is_active or expert.pk in lapsed:
            refusals.append((expert, _("not active in the expert register (their term may have ended)")))
        elif done is not None and expert.pk not in done:
            refusals.append((expert, _("has not completed the methodology course")))
    return refusals


@transaction.atomic
def pool_add(*, competition, experts, actor, is_reserve=False):
    experts = list(experts)
    refusals = pool_refusals(experts)
    if refusals:
        raise DomainError(_("These experts cannot join the pool: %(list)s.") % {
            "list": "; ".join(f"{expert.user} — {reason}" for expert, reason in refusals)}, code="pool_refused")
    added = []
    for expert in experts:
        member, created = PoolMember.objects.get_or_create(competition=competition, expert=expert,
                                                           defaults={"is_reserve": is_reserve, "added_by": actor})
        if not created and member.is_reserve != is_reserve:
            member.is_reserve = is_reserve
            member.save(update_fields=["is_reserve"])
        added.append(member)
    if added:
        audit.record(actor=actor, action="pool.experts_added", target=competition, competition_id=competition.pk,
                     after={"expert_ids": sorted(m.expert_id for m in added), "reserve": is_reserve})
    return added


@transaction.atomic
def pool_remove(*, competition, expert, actor):
    deleted, _rows = PoolMember.objects.filter(competition=competition, expert=expert).delete()
    if deleted:
        audit.record(actor=actor, action="pool.expert_removed", target=competition, competition_id=competition.pk,
                     before={"expert_id": expert.pk})
    return bool(deleted)
