"""Reads of the review work: rubrics, the expert register, assignments, progress and divergence."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.accounts.models import ExpertProfile
from portal.accounts.selectors import roles_for_user

from .enums import ACTIVE, EXPERT_CAN_READ, OPEN_WORK, AssignmentStatus
from .models import Assignment, AutoAssignmentProposal, Evaluation, PoolMember, Rubric

RESULTS_PUBLIC = frozenset({CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL})


# ------------------------------------------------------------------------------------------- rubrics

def rubrics_for_user(user):
    """Templates (administrators and officials) and the rubrics of the user's bodies, competition copies too."""
    roles = roles_for_user(user)
    qs = Rubric.objects.select_related("body", "competition", "previous_version").annotate(
        criteria_count=Count("criteria"))
    if roles.is_admin:
        return qs
    if not roles.is_official:
        return qs.none()
    return qs.filter(Q(is_template=True) | Q(body_id__in=roles.official_body_ids)
                     | Q(competition__body_id__in=roles.official_body_ids))


def rubric_choices_for_competition(competition):
    return (Rubric.objects.filter(Q(is_template=True) | Q(body=competition.body, competition__isnull=True))
            .annotate(criteria_count=Count("criteria")).filter(criteria_count__gt=0)
            .order_by("-is_template", "name", "-version"))


# ------------------------------------------------------------------------------------ expert register

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


# ---------------------------------------------------------------------------------- review management

def competitions_for_review(user):
    """Competitions whose review the user may follow: officials and observers of the body, administrators."""
    roles = roles_for_user(user)
    qs = Competition.objects.select_related("body", "priority_area")
    return qs if roles.is_admin else qs.filter(body_id__in=roles.followed_body_ids)


def pool_for_competition(competition):
    return (PoolMember.objects.filter(competition=competition).select_related("expert__user")
            .prefetch_related("expert__priority_areas", "expert__regions")
            .order_by("is_reserve", "expert__user__email"))


def progress_for_competition(competition, *, today=None):
    """One row per admitted application: its assignments (with declaration and evaluation), counts and flags."""
    from applications.models import Application

    from .services import divergence_of

    today = today or timezone.localdate()
    assignments = Assignment.objects.select_related("expert__user", "evaluation", "declaration")
    applications = (Application.objects.filter(competition=competition, status__in=[
        ApplicationStatus.ADMITTED, ApplicationStatus.WINNER, ApplicationStatus.RESERVE, ApplicationStatus.NOT_FUNDED,
        ApplicationStatus.BELOW_THRESHOLD]).select_related("organization__region")
        .prefetch_related(Prefetch("assignments", queryset=assignments)).order_by("registration_number", "pk"))
    k = competition.experts_per_application
    rows = []
    for application in applications:
        items = list(application.assignments.all())
        active = [a for a in items if a.status in ACTIVE]
        submitted = [a for a in items if a.status == AssignmentStatus.SUBMITTED]
        overdue = [a for a in items if a.status in OPEN_WORK and a.due_on and a.due_on < today]
        totals = [a.evaluation.total for a in submitted if hasattr(a, "evaluation")]
        divergence = divergence_of(totals, competition.divergence_threshold_percent)
        rows.append({
            "application": application, "assignments": items, "active": len(active), "submitted": len(submitted),
            "k": k, "missing": max(k - len(active), 0), "overdue": overdue, "totals": totals,
            "divergence": divergence, "diverges": bool(divergence and divergence[2]),
        })
    return rows


def proposals_for_competition(competition):
    return AutoAssignmentProposal.objects.filter(competition=competition).select_related("created_by", "confirmed_by")


# ------------------------------------------------------------------------------------- expert's side

def assignments_for_expert(user):
    """The user's own assignments (any state), with what the dashboard shows."""
    roles = roles_for_user(user)
    if roles.expert_profile_id is None:
        return Assignment.objects.none()
    return (Assignment.objects.filter(expert_id=roles.expert_profile_id)
            .select_related("application__competition__priority_area", "application__organization__region",
                            "evaluation", "declaration")
            .order_by("due_on", "pk"))


def readable_assignments_for_expert(user):
    """Assignments whose full application the expert may open: declared no conflict (or later states)."""
    return assignments_for_expert(user).filter(status__in=EXPERT_CAN_READ)


def co_expert_evaluations(assignment):
    """Other experts' submitted evaluations: only after the expert's own submission, and never in blind mode
    before the results are published. Drafts are never shown."""
    competition = assignment.application.competition
    if assignment.status != AssignmentStatus.SUBMITTED:
        return Evaluation.objects.none()
    if competition.blind_review and competition.status not in RESULTS_PUBLIC:
        return Evaluation.objects.none()
    return (Evaluation.objects.filter(assignment__application_id=assignment.application_id,
                                      assignment__status=AssignmentStatus.SUBMITTED)
            .exclude(assignment=assignment).select_related("assignment__expert__user")
            .prefetch_related("scores__criterion").order_by("pk"))
