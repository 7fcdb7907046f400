"""Reads of the expert register, invitations and a competition's pool (with each expert's current load)."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.accounts.models import ExpertProfile, GovernmentBody, User
from portal.accounts.selectors import roles_for_user

from ..enums import ACTIVE, AssignmentStatus, ExpertApplicationStatus
from ..models import (
    Assignment,
    CalibrationExercise,
    CourseCompletion,
    CourseQuestion,
    CourseSection,
    ExpertApplication,
    ExpertInvitation,
    PoolMember,
)


def _lapsed(today):
    """An expert whose inclusion has a term that has ended: an approved application to the register, none of
    them current (an expert invited without a term never lapses)."""
    approved = ExpertApplication.objects.filter(applicant=OuterRef("user_id"), status=ExpertApplicationStatus.APPROVED)
    current = approved.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return Exists(approved) & ~Exists(current)


def current_experts(queryset, *, today=None):
    """``queryset`` of ExpertProfile without the experts whose inclusion has lapsed."""
    return queryset.exclude(_lapsed(today or timezone.localdate()))


def lapsed_expert_ids(expert_ids, *, today=None):
    """The ids among ``expert_ids`` whose inclusion has lapsed (one query)."""
    return set(ExpertProfile.objects.filter(pk__in=list(expert_ids))
               .filter(_lapsed(today or timezone.localdate())).values_list("pk", flat=True))


def inclusions_to_expire(*, today):
    """Approved applications whose term ended before ``today`` and that are not yet marked expired."""
    return (ExpertApplication.objects.filter(status=ExpertApplicationStatus.APPROVED, valid_until__lt=today,
                                             expired_at__isnull=True)
            .select_related("applicant").order_by("valid_until", "pk"))


def course_sections():
    return CourseSection.objects.filter(is_active=True).order_by("order", "id")


def course_questions():
    return CourseQuestion.objects.filter(is_active=True).order_by("order", "id")


def course_completion_of(expert):
    return CourseCompletion.objects.filter(expert=expert).first()


def course_done_ids(expert_ids):
    """The ids among ``expert_ids`` that completed the methodology course (one query)."""
    return set(CourseCompletion.objects.filter(expert_id__in=list(expert_ids)).values_list("expert_id", flat=True))


def course_required():
    return bool(getattr(settings, "EXPERT_COURSE_REQUIRED", False))


def expert_register_for_user(user):
    """The register with each expert's current load (active assignments in competitions under review)."""
    roles = roles_for_user(user)
    if not (roles.is_admin or roles.is_official):
        return ExpertProfile.objects.none()
    load = Count("assignments", filter=Q(assignments__status__in=ACTIVE,
                                         assignments__application__competition__status=CompetitionStatus.UNDER_REVIEW))
    return (ExpertProfile.objects.select_related("user")
            .prefetch_related("priority_areas", "regions")
            .annotate(current_load=load).order_by("user__full_name", "user__email"))


def pool_for_competition(competition):
    return (PoolMember.objects.filter(competition=competition).select_related("expert__user")
            .prefetch_related("expert__priority_areas", "expert__regions")
            .order_by("is_reserve", "expert__user__email"))


def review_load_counts(expert_ids):
    """Current load: active assignments in competitions under review, per expert."""
    rows = (Assignment.objects.filter(expert_id__in=expert_ids, status__in=ACTIVE,
                                      application__competition__status=CompetitionStatus.UNDER_REVIEW)
            .values("expert_id").annotate(n=Count("id")))
    return {row["expert_id"]: row["n"] for row in rows}



def pending_invitations_for_user(user):
    """Invitations not yet accepted: all for administrators, those of the official's bodies otherwise."""
    roles = roles_for_user(user)
    invitations = ExpertInvitation.objects.filter(accepted_at__isnull=True).select_related("invited_by")
    if roles.is_admin:
        return invitations
    return invitations.filter(body_id__in=roles.official_body_ids)


def invitation_to_send(invitation_id):
    """The invitation the task e-mails, or None once it is accepted (nothing to send)."""
    return ExpertInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).first()


def expert_profile_of(user):
    """The user's own expert profile (active or not), or None."""
    return ExpertProfile.objects.filter(user=user).first()


def pool_with_loads(competition):
    """The pool's members, each with ``current_load`` (active assignments in competitions under review)."""
    pool = list(pool_for_competition(competition))
    loads = review_load_counts([m.expert_id for m in pool])
    for member in pool:
        member.current_load = loads.get(member.expert_id, 0)
    return pool


def pool_candidates(register, pool, *, limit=200):
    """Experts of the (filtered) register not yet in ``pool``, at most ``limit`` of them."""
    in_pool = {m.expert_id for m in pool}
    return [e for e in register[:limit] if e.pk not in in_pool]


def inviting_body_for(user):
    """The body an invitation is sent in the name of: the official's first body (None for an administrator
    who is no official)."""
    return GovernmentBody.objects.filter(pk__in=roles_for_user(user).official_body_ids).order_by("pk").first()


def account_for_invitation(invitation):
    """The existing account with the invitation's e-mail address, or None (the invitee then signs up)."""
    return User.objects.filter(email__iexact=invitation.email).first()


def experts_who_scored(competition):
    """The experts with a submitted evaluation in the competition: published with the results as names and
    priority areas only (never who scored what)."""
    return (ExpertProfile.objects.filter(assignments__application__competition=competition,
                                         assignments__status=AssignmentStatus.SUBMITTED)
            .distinct().select_related("user").prefetch_related("priority_areas")
            .order_by("user__full_name", "user__email"))


def my_expert_applications(user):
    return ExpertApplication.objects.filter(applicant=user).prefetch_related("priority_areas").order_by(
        "-submitted_at")


def expert_applications_for_user(user):
    """Applications to the register, pending first: officials (any body) and administrators vet them."""
    roles = roles_for_user(user)
    if not (roles.is_admin or roles.is_official):
        return ExpertApplication.objects.none()
    return (ExpertApplication.objects.select_related("applicant", "decided_by")
            .prefetch_related("priority_areas", "regions").order_by("status", "-submitted_at"))


def calibration_exercises():
    return CalibrationExercise.objects.filter(is_active=True).select_related("rubric").order_by("-created_at", "-id")
