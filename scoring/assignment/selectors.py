"""Reads of the assignment: progress of a competition's review, proposals, candidates for an application,
the assignments a user may see (the expert's own, those of the competitions an official follows)."""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.selectors import competitions_followed_by
from portal.accounts.models import ExpertProfile
from portal.accounts.selectors import roles_for_user

from ..calc.divergence import divergence_of
from ..enums import ACTIVE, EXPERT_CAN_READ, OPEN_WORK, AssignmentStatus, DrawStatus
from ..experts.selectors import pool_for_competition
from ..models import Assignment, AssignmentDraw, AutoAssignmentProposal, PoolMember
from .conflicts import SIGNAL_LABELS, conflict_index

_CONFIRMED = _("confirmed conflict")
REVIEWED_STATUSES = (ApplicationStatus.ADMITTED, ApplicationStatus.WINNER, ApplicationStatus.RESERVE,
                     ApplicationStatus.NOT_FUNDED, ApplicationStatus.BELOW_THRESHOLD)

def progress_for_competition(competition, *, today=None):
    """One row per admitted application: its assignments (with declaration and evaluation), counts and flags."""
    today = today or timezone.localdate()
    assignments = Assignment.objects.select_related("expert__user", "evaluation", "declaration")
    applications = (Application.objects.filter(competition=competition, status__in=REVIEWED_STATUSES)
        .select_related("organization__region")
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



def review_summary(competition, *, today=None):
    """The overview of a competition's review: one row per application and the totals shown above them."""
    today = today or timezone.localdate()
    rows = progress_for_competition(competition, today=today)
    pool_size = PoolMember.objects.filter(competition=competition).count()
    return {
        "rows": rows, "today": today,
        "divergent": [r for r in rows if r["diverges"]],
        "overdue": [a for r in rows for a in r["overdue"]],
        "missing_slots": sum(r["missing"] for r in rows),
        "submitted_total": sum(r["submitted"] for r in rows),
        "needed_total": sum(r["k"] for r in rows),
        "pool_size": pool_size,
        "default_max_load": default_max_load(competition, applications=len(rows), pool_size=pool_size),
    }


def default_max_load(competition, *, applications, pool_size):
    """The even share of the slots over the pool, rounded up (10 with an empty pool)."""
    if not pool_size:
        return 10
    return max(1, -(-applications * competition.experts_per_application // pool_size))


def review_applications(competition):
    """The applications of a competition, for the review pages (404 on others)."""
    return Application.objects.filter(competition=competition).select_related("organization__region")


def competition_assignments(competition):
    """The assignments of a competition, for the official's actions on one of them."""
    return Assignment.objects.filter(application__competition=competition).select_related(
        "application", "expert__user", "declaration")


def proposal_view(proposal):
    """What the proposal page shows: experts per application with open potential conflicts, the load histogram."""
    pairs = [tuple(p) for p in proposal.pairs]
    experts = {e.pk: e for e in ExpertProfile.objects.filter(pk__in={e for e, _a in pairs}).select_related("user")}
    applications = {a.pk: a for a in Application.objects.filter(pk__in={a for _e, a in pairs})}
    by_app = {}
    for expert_id, application_id in pairs:
        by_app.setdefault(application_id, []).append(experts.get(expert_id))
    loads = Counter(e for e, _a in pairs)
    histogram = sorted(Counter(loads.values()).items())
    widest = max((n for _load, n in histogram), default=1)
    potential = {(e, a): [str(SIGNAL_LABELS.get(c, c)) for c in codes]
                 for e, a, codes in proposal.stats.get("potential_conflicts", [])}
    rows = [{"application": applications.get(a), "experts": [
        {"expert": ex, "potential": potential.get((ex.pk, a), []) if ex else []} for ex in by_app[a]]}
        for a in sorted(by_app, key=lambda a: str(applications.get(a)))]
    return {"rows": rows, "histogram": [(load, n, round(100 * n / widest)) for load, n in histogram],
            "potential_count": len(potential)}


def application_review(competition, application):
    """An application's assignments, the pool's candidates for it (with what blocks or flags each one) and
    the potential conflicts an official decides; ``allowed``: the experts that may be assigned manually."""
    assignments = list(Assignment.objects.filter(application=application).select_related(
        "expert__user", "declaration__override", "evaluation").order_by("pk"))
    pool = [m.expert for m in pool_for_competition(competition)]
    assigned_ids = {a.expert_id for a in assignments}
    experts = {e.pk: e for e in pool}
    for assignment in assignments:
        experts.setdefault(assignment.expert_id, assignment.expert)
    index = conflict_index(experts=experts.values(), applications=[application],
                           require_outside_region=competition.require_outside_region_expert)
    candidates = []
    for expert in pool:
        if expert.pk in assigned_ids:
            continue
        blocking = index.blocking_reasons(expert.pk, application.pk)
        potential = index.open_potential(expert.pk, application.pk)
        candidates.append({"expert": expert, "blocking": [str(SIGNAL_LABELS.get(c, _CONFIRMED)) for c in blocking],
                           "potential": [str(SIGNAL_LABELS[c]) for c in potential]})
    potential_rows = [{"expert": experts[expert_id], "signals": [str(SIGNAL_LABELS[c]) for c in codes],
                       "decision": index.decisions.get((expert_id, application_id)),
                       "assigned": expert_id in assigned_ids}
                      for (expert_id, application_id), codes in sorted(index.potential.items())]
    return {
        "assignments": assignments, "candidates": candidates, "potential_rows": potential_rows,
        "active": sum(1 for a in assignments if a.status in ACTIVE),
        "allowed": ExpertProfile.objects.filter(pk__in=[c["expert"].pk for c in candidates if not c["blocking"]]),
    }


def pool_experts(competition):
    """The experts of the competition's pool (the manual assignment chooses among them)."""
    return ExpertProfile.objects.filter(pool_memberships__competition=competition)


def shortfalls_with_applications(details):
    """The solver's shortfalls (``AssignmentRefused.details``), each with its application."""
    shortfalls = details["shortfalls"]
    applications = Application.objects.in_bulk([s["application_id"] for s in shortfalls])
    return [dict(s, application=applications.get(s["application_id"])) for s in shortfalls]


def assignments_for_user(user):
    """The caller's own assignments (experts) and those of the competitions they follow (officials, observers)."""
    own = assignments_for_expert(user)
    followed = Assignment.objects.filter(
        application__competition__in=competitions_followed_by(user))
    return (own | followed).select_related("application", "declaration").distinct().order_by("id")


def proposal_assignment_ids(proposal):
    """Once a proposal is confirmed: the ids of the assignments it made."""
    if proposal.confirmed_at is None:
        return []
    pairs = {tuple(p) for p in proposal.pairs}
    rows = Assignment.objects.filter(application__competition_id=proposal.competition_id).values_list(
        "pk", "expert_id", "application_id")
    return sorted(pk for pk, e, a in rows if (e, a) in pairs)


def draws_of(competition):
    return AssignmentDraw.objects.filter(competition=competition).select_related("competition").order_by(
        "-committed_at", "-id")


def draw_numbered(competition, pk):
    return draws_of(competition).filter(pk=pk)


def revealed_draws(reference):
    return AssignmentDraw.objects.filter(competition__reference=reference, status=DrawStatus.REVEALED).select_related(
        "competition").order_by("committed_at", "id")
