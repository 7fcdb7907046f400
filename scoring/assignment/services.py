"""Writes of the assignment: manual and automatic (the solver's proposals), conflict declarations and the
official's decisions on them, an additional expert on divergence, reminders. ``assignment_transition`` is
the only writer of ``Assignment.status``."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.selectors import officials_of
from portal import audit
from portal.accounts.models import ExpertProfile
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from portal.reference.calendar import add_working_days

from ..calc import solver
from ..calc.performance import penalty_cost
from ..enums import ACTIVE, ASSIGNMENT_TRANSITIONS, OPEN_WORK, AssignmentStatus, ConflictType, ProposalKind
from ..errors import AssignmentRefused, ProblemsError
from ..experts.performance import performance_by_expert
from ..experts.selectors import lapsed_expert_ids
from ..models import (
    Assignment,
    AutoAssignmentProposal,
    ConflictDeclaration,
    DeclarationOverride,
    Evaluation,
    PoolMember,
    PotentialConflictDecision,
)
from .conflicts import SIGNAL_LABELS, conflict_index


@transaction.atomic
def assignment_transition(*, assignment, to, actor, reason="", now=None):
    """The only writer of ``Assignment.status``."""
    now = now or timezone.now()
    before = assignment.status
    check_transition(table=ASSIGNMENT_TRANSITIONS, kind="assignment", current=before, to=to)
    assignment.status = to
    assignment.status_changed_at = now
    assignment.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"assignment.{to}", target=assignment,
                 competition_id=assignment.application.competition_id,
                 before={"status": before}, after={"status": to}, reason=reason)
    return assignment


def _require_review(competition):
    if competition.status != CompetitionStatus.UNDER_REVIEW:
        raise DomainError(_("Experts can be assigned only while the competition is under review."),
                          code="competition_not_under_review")


def _notify_assigned(assignments):
    by_expert = {}
    for assignment in assignments:
        by_expert.setdefault(assignment.expert.user, []).append(assignment)
    for user, items in by_expert.items():
        due = min((a.due_on for a in items if a.due_on), default=None)
        due_text = due.isoformat() if due else "—"
        notify(users=[user], subject=_("New applications to review"),
               body=later(_("You have %(count)s new application(s) to review. Declare any conflict of interest first. "
                            "Due date: %(due)s."), count=len(items), due=due_text),
               url=reverse("scoring:review_dashboard"))


@transaction.atomic
def assignment_create(*, application, expert, actor, due_on=None, is_reserve=False, send_notice=True):
    """Manual assignment of one expert to one application (checks conflicts and duplicates)."""
    competition = application.competition
    _require_review(competition)
    if application.status != ApplicationStatus.ADMITTED:
        raise DomainError(_("Only admitted applications are reviewed."), code="application_not_admitted")
    if Assignment.objects.filter(application=application, expert=expert).exists():
        raise DomainError(_("This expert already has (or had) this application."), code="assignment_exists")
    if not expert.is_active:
        raise DomainError(_("This expert is not active in the register."), code="expert_inactive")
    index = conflict_index(experts=[expert], applications=[application])
    reasons = index.blocking_reasons(expert.pk, application.pk)
    if reasons:
        labels = ", ".join(str(SIGNAL_LABELS.get(code, _("conflict confirmed by an official"))) for code in reasons)
        raise DomainError(_("This expert has a conflict of interest with the applicant: %(reasons)s.")
                          % {"reasons": labels}, code="conflict_of_interest")
    assignment = Assignment.objects.create(application=application, expert=expert, assigned_by=actor,
                                           due_on=due_on or competition.evaluation_deadline, is_reserve=is_reserve)
    audit.record(actor=actor, action="assignment.created", target=assignment, competition_id=competition.pk,
                 after={"expert_id": expert.pk, "application_id": application.pk, "due_on": assignment.due_on,
                        "reserve": is_reserve})
    if send_notice:
        _notify_assigned([assignment])
    return assignment


@transaction.atomic
def assignment_remove(*, assignment, actor, reason=""):
    assignment = Assignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.OFFERED:
        raise DomainError(_("An expert can be removed only before the conflict declaration."),
                          code="assignment_not_offered")
    state = {"expert_id": assignment.expert_id, "application_id": assignment.application_id}
    audit.record(actor=actor, action="assignment.removed", target=assignment,
                 competition_id=assignment.application.competition_id, before=state, reason=reason)
    assignment.delete()
    return state


def _active_counts(competition):
    rows = Assignment.objects.filter(application__competition=competition, status__in=ACTIVE).values(
        "application_id", "expert_id")
    per_app, per_expert, pairs = {}, {}, set()
    for row in rows:
        per_app[row["application_id"]] = per_app.get(row["application_id"], 0) + 1
        per_expert[row["expert_id"]] = per_expert.get(row["expert_id"], 0) + 1
    pairs = set(Assignment.objects.filter(application__competition=competition).values_list(
        "expert_id", "application_id"))
    return per_app, per_expert, pairs


def assignment_inputs(*, competition, max_load=None, kind=ProposalKind.INITIAL, application_ids=None, extra=0,
                      reserve_only=False, weigh_performance=False):
    """The solver's inputs from the competition's pool: (expert slots, application slots, forbidden pairs,
    conflict index). Raises DomainError when the pool has no expert for this step. Experts whose inclusion in
    the register has lapsed are left out; ``weigh_performance`` gives each expert their performance penalty."""
    applications = list(Application.objects.filter(competition=competition, status=ApplicationStatus.ADMITTED)
                        .select_related("organization").order_by("pk"))
    if application_ids is not None:
        applications = [a for a in applications if a.pk in set(application_ids)]
    members = PoolMember.objects.filter(competition=competition, expert__is_active=True).select_related(
        "expert__user").prefetch_related("expert__priority_areas", "expert__regions")
    if reserve_only:
        members = members.filter(is_reserve=True)
    elif kind == ProposalKind.INITIAL:
        members = members.filter(is_reserve=False)
    lapsed = lapsed_expert_ids([m.expert_id for m in members])
    experts = [m.expert for m in members if m.expert_id not in lapsed]
    if not experts:
        raise DomainError(_("The pool has no experts for this step: add experts to the pool first."),
                          code="pool_empty")
    per_app, per_expert, existing_pairs = _active_counts(competition)
    index = conflict_index(experts=experts, applications=applications,
                           require_outside_region=competition.require_outside_region_expert)
    k = competition.experts_per_application
    outside_done = set()
    if competition.require_outside_region_expert:
        for expert_id, application_id in Assignment.objects.filter(
                application__competition=competition, status__in=ACTIVE).values_list("expert_id", "application_id"):
            outside_done.add((expert_id, application_id))
    expert_regions = {e.pk: frozenset(r.pk for r in e.regions.all()) for e in experts}
    app_slots = []
    for application in applications:
        needed = extra if kind == ProposalKind.DIVERGENCE else k - per_app.get(application.pk, 0)
        region = application.organization.region_id
        has_outside = any(app_id == application.pk and region not in expert_regions.get(e_id, frozenset())
                          for e_id, app_id in outside_done) if outside_done else False
        app_slots.append(solver.ApplicationSlot(
            id=application.pk, needed=max(needed, 0), area=competition.priority_area_id, region=region,
            needs_outside_expert=competition.require_outside_region_expert and not has_outside))
    penalties = {}
    if weigh_performance:
        penalties = {pk: penalty_cost(figures, maximum=solver.PERFORMANCE_MAX)
                     for pk, figures in performance_by_expert([e.pk for e in experts]).items()}
    expert_slots = []
    for expert in experts:
        limit = min(max_load, expert.max_load) if max_load else expert.max_load
        load = per_expert.get(expert.pk, 0)
        expert_slots.append(solver.ExpertSlot(
            id=expert.pk, capacity=max(limit - load, 0), existing_load=load,
            areas=frozenset(a.pk for a in expert.priority_areas.all()), regions=expert_regions[expert.pk],
            penalty=penalties.get(expert.pk, 0)))
    return expert_slots, app_slots, index.forbidden() | existing_pairs, index


def assignment_solve(*, competition, seed=0, max_load=None, kind=ProposalKind.INITIAL, application_ids=None,
                     extra=0, reserve_only=False, weigh_performance=False):
    """Run the solver on the competition's pool; returns (AssignmentResult, index). Raises AssignmentRefused.

    ``kind=INITIAL`` and ``FILL``: every admitted application gets up to k active experts (FILL prefers the
    reserve). ``DIVERGENCE``: the listed applications get ``extra`` experts on top of those they have.
    """
    expert_slots, app_slots, forbidden, index = assignment_inputs(
        competition=competition, max_load=max_load, kind=kind, application_ids=application_ids, extra=extra,
        reserve_only=reserve_only, weigh_performance=weigh_performance)
    try:
        result = solver.solve(experts=expert_slots, applications=app_slots, forbidden=forbidden, seed=seed,
                              require_outside_region=competition.require_outside_region_expert)
    except solver.AssignmentInfeasible as infeasible:
        raise AssignmentRefused(infeasible) from None
    result.stats["potential_conflicts"] = [
        [e, a, index.open_potential(e, a)] for e, a in result.pairs if index.open_potential(e, a)]
    if weigh_performance:
        result.stats["weigh_performance"] = True
        result.stats["penalties"] = {str(slot.id): slot.penalty for slot in expert_slots if slot.penalty}
    return result, index


@transaction.atomic
def assignment_propose(*, competition, actor, seed=0, max_load=None, kind=ProposalKind.INITIAL,
                       application_ids=None, extra=0, weigh_performance=False):
    _require_review(competition)
    reserve_only = kind == ProposalKind.FILL and PoolMember.objects.filter(
        competition=competition, is_reserve=True).exists()
    result, _index = assignment_solve(competition=competition, seed=seed, max_load=max_load, kind=kind,
                                      application_ids=application_ids, extra=extra, reserve_only=reserve_only,
                                      weigh_performance=weigh_performance)
    if not result.pairs:
        raise DomainError(_("Every admitted application already has its experts: nothing to assign."),
                          code="nothing_to_assign")
    proposal = AutoAssignmentProposal.objects.create(
        competition=competition, kind=kind, seed=seed, max_load=max_load or 0,
        require_outside_region=competition.require_outside_region_expert,
        pairs=[list(p) for p in result.pairs], stats=result.stats, created_by=actor)
    audit.record(actor=actor, action="assignment.proposed", target=proposal, competition_id=competition.pk,
                 after={"kind": kind, "seed": seed, "max_load": max_load, "pairs": len(result.pairs),
                        "weigh_performance": bool(weigh_performance)})
    return proposal


@transaction.atomic
def assignment_proposal_confirm(*, proposal, actor, due_on=None, send_notice=True):
    """Create the proposed assignments (all or nothing) after re-checking them against the present state."""
    proposal = AutoAssignmentProposal.objects.select_for_update().select_related("competition").get(pk=proposal.pk)
    if proposal.confirmed_at is not None:
        return list(Assignment.objects.none())
    competition = proposal.competition
    _require_review(competition)

    pairs = [tuple(p) for p in proposal.pairs]
    experts = {e.pk: e for e in ExpertProfile.objects.filter(pk__in={e for e, _a in pairs}).select_related("user")}
    applications = {a.pk: a for a in Application.objects.filter(
        pk__in={a for _e, a in pairs}, competition=competition,
        status=ApplicationStatus.ADMITTED).select_related("organization")}
    per_app, _per_expert, existing = _active_counts(competition)
    index = conflict_index(experts=experts.values(), applications=applications.values())
    k = competition.experts_per_application
    added = {}
    for _expert_id, application_id in pairs:
        added[application_id] = added.get(application_id, 0) + 1
    stale = (any(e not in experts or a not in applications for e, a in pairs)
             or any(p in existing or p in index.forbidden() for p in pairs)
             or (proposal.kind != ProposalKind.DIVERGENCE
                 and any(per_app.get(a, 0) + n > k for a, n in added.items())))
    if stale:
        raise DomainError(_("Assignments or conflicts changed since this proposal was made: run it again."),
                          code="proposal_stale")
    due_on = due_on or competition.evaluation_deadline
    created = Assignment.objects.bulk_create([
        Assignment(application=applications[a], expert=experts[e], assigned_by=actor, due_on=due_on,
                   is_reserve=proposal.kind == ProposalKind.FILL) for e, a in pairs])
    proposal.confirmed_at, proposal.confirmed_by, proposal.due_on = timezone.now(), actor, due_on
    proposal.save(update_fields=["confirmed_at", "confirmed_by", "due_on"])
    audit.record(actor=actor, action="assignment.proposal_confirmed", target=proposal, competition_id=competition.pk,
                 after={"pairs": [list(p) for p in pairs], "due_on": due_on, "kind": proposal.kind})
    if send_notice:
        _notify_assigned(created)
    return created


@transaction.atomic
def divergence_add_expert(*, application, actor, seed=0):
    """Assign one more expert to a divergent application (same solver, one slot), audited and notified."""
    competition = application.competition
    proposal = assignment_propose(competition=competition, actor=actor, seed=seed, kind=ProposalKind.DIVERGENCE,
                                  application_ids=[application.pk], extra=1)
    return assignment_proposal_confirm(proposal=proposal, actor=actor)


@transaction.atomic
def conflict_declare(*, assignment, actor, has_conflict, conflict_type="", note="", now=None):
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().select_related(
        "application__competition", "expert__user").get(pk=assignment.pk)
    if ConflictDeclaration.objects.filter(assignment=assignment).exists():
        raise DomainError(_("The declaration has already been made and cannot be changed."),
                          code="declaration_exists")
    if assignment.status != AssignmentStatus.OFFERED:
        raise DomainError(_("Nothing to declare for this assignment."), code="assignment_not_offered")
    if has_conflict:
        if conflict_type not in ConflictType.values:
            raise ProblemsError([("conflict_type", _("Choose the type of conflict."))])
        if not note.strip():
            raise ProblemsError([("note", _("Describe the conflict in a few words."))])
    declaration = ConflictDeclaration.objects.create(assignment=assignment, has_conflict=has_conflict,
                                                     conflict_type=conflict_type if has_conflict else "",
                                                     note=note.strip(), declared_at=now)
    audit.record(actor=actor, action="declaration.made", target=declaration,
                 competition_id=assignment.application.competition_id,
                 after={"has_conflict": has_conflict, "type": declaration.conflict_type})
    if has_conflict:
        assignment_transition(assignment=assignment, to=AssignmentStatus.RECUSED, actor=actor, reason=note,
                              now=now)
        competition = assignment.application.competition
        notify(users=officials_of(competition), subject=_("An expert recused: a slot is free"),
               body=later(_("An expert declared a conflict of interest on %(number)s. Fill the freed slot from the "
                            "reserve."), number=assignment.application), url=reverse("scoring:review_overview",
                                                                kwargs={"reference": competition.reference}))
    else:
        assignment_transition(assignment=assignment, to=AssignmentStatus.ACCEPTED, actor=actor, now=now)
        Evaluation.objects.get_or_create(assignment=assignment)
    return declaration


@transaction.atomic
def declaration_override(*, declaration, action, reason, actor):
    """An official overrides a declaration (which itself stays as it was made); audited with a reason."""
    declaration = ConflictDeclaration.objects.select_for_update().select_related(
        "assignment__application__competition").get(pk=declaration.pk)
    if not reason.strip():
        raise ProblemsError([("reason", _("Give the reason for the override."))])
    if DeclarationOverride.objects.filter(declaration=declaration).exists():
        raise DomainError(_("This declaration has already been overridden."), code="override_exists")
    assignment = declaration.assignment
    competition = assignment.application.competition
    if action == DeclarationOverride.DISMISS_CONFLICT:
        if not declaration.has_conflict or assignment.status != AssignmentStatus.RECUSED:
            raise DomainError(_("Only a declared conflict of a recused expert can be dismissed."),
                              code="override_not_applicable")
        active = Assignment.objects.filter(application=assignment.application, status__in=ACTIVE).count()
        if active >= competition.experts_per_application:
            raise DomainError(_("The freed slot has already been filled."), code="slot_filled")
        to = AssignmentStatus.ACCEPTED
    elif action == DeclarationOverride.RECORD_CONFLICT:
        if assignment.status != AssignmentStatus.ACCEPTED:
            raise DomainError(_("A conflict can be recorded only for an expert who is scoring and has not submitted."),
                              code="override_not_applicable")
        to = AssignmentStatus.RECUSED
    else:
        raise DomainError(_("Unknown override."), code="override_unknown")
    override = DeclarationOverride.objects.create(declaration=declaration, action=action, reason=reason.strip(),
                                                  decided_by=actor)
    audit.record(actor=actor, action=f"declaration.{action}", target=declaration, competition_id=competition.pk,
                 before={"status": assignment.status}, after={"status": to}, reason=reason)
    assignment_transition(assignment=assignment, to=to, actor=actor, reason=reason)
    if to == AssignmentStatus.ACCEPTED:
        Evaluation.objects.get_or_create(assignment=assignment)
    notify(users=[assignment.expert.user], subject=_("An official reviewed your conflict declaration"),
           body=reason, url=reverse("scoring:review_dashboard"))
    return override


@transaction.atomic
def potential_conflict_decide(*, application, expert, decision, actor, note=""):
    if decision not in (PotentialConflictDecision.CONFIRMED, PotentialConflictDecision.DISMISSED):
        raise DomainError(_("Unknown decision."), code="decision_unknown")
    competition = application.competition
    index = conflict_index(experts=[expert], applications=[application],
                           require_outside_region=competition.require_outside_region_expert)
    signals = index.potential.get((expert.pk, application.pk), [])
    if not signals:
        raise DomainError(_("There is no potential conflict to decide for this pair."), code="no_potential_conflict")
    if decision == PotentialConflictDecision.DISMISSED and not note.strip():
        raise ProblemsError([("note", _("Give the reason for dismissing the potential conflict."))])
    row, _created = PotentialConflictDecision.objects.update_or_create(
        application=application, expert=expert,
        defaults={"decision": decision, "reasons": signals, "note": note.strip(), "decided_by": actor,
                  "decided_at": timezone.now()})
    audit.record(actor=actor, action=f"potential_conflict.{decision}", target=row, competition_id=competition.pk,
                 after={"expert_id": expert.pk, "application_id": application.pk, "signals": signals}, reason=note)
    if decision == PotentialConflictDecision.CONFIRMED:
        # Treated as a conflict: an offered assignment is withdrawn; one already accepted is recused.
        existing = Assignment.objects.filter(application=application, expert=expert).first()
        if existing is not None and existing.status == AssignmentStatus.OFFERED:
            assignment_remove(assignment=existing, actor=actor, reason=str(_("Potential conflict confirmed.")))
        elif existing is not None and existing.status == AssignmentStatus.ACCEPTED:
            assignment_transition(assignment=existing, to=AssignmentStatus.RECUSED, actor=actor,
                                  reason=str(_("Potential conflict confirmed.")))
    return row


def review_reminders_send(*, now=None):
    """Remind experts 2 working days before the due date and every day once overdue; at most once a day."""

    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = add_working_days(today, 2)
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    due = (Assignment.objects.filter(status__in=OPEN_WORK, due_on__isnull=False, due_on__lte=soon,
                                     application__competition__status=CompetitionStatus.UNDER_REVIEW)
           .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_day))
           .select_related("expert__user", "application"))
    sent = 0
    for assignment in due:
        overdue = assignment.due_on < today
        with transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(reminded_at=now)
            subject = _("Overdue review: %(number)s") if overdue else _("Review due soon: %(number)s")
            notify(users=[assignment.expert.user], subject=later(subject, number=assignment.application),
                   body=later(_("Due date: %(due)s."), due=assignment.due_on.isoformat()),
                   url=reverse("scoring:review_dashboard"))
        sent += 1
    return sent
