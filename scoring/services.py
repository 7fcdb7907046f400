import hashlib
import json
import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _

from applications.enums import OUTCOMES, ApplicationStatus
from applications.models import Application
from applications.services import application_transition
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from competitions.services import competition_transition
from portal import audit
from portal.accounts.models import ExpertAffiliation, ExpertProfile, Membership, OfficialMembership, User
from portal.canonical import canonical_sha256
from portal.errors import DomainError, StaleVersionError, check_transition
from portal.notifications.services import later, notify, outbox_enqueue_task
from portal.reference.calendar import add_working_days

from . import assignment as solver
from .conflicts import SIGNAL_LABELS, conflict_index
from .enums import (
    ACTIVE,
    ASSIGNMENT_TRANSITIONS,
    EXPERT_CAN_SCORE,
    OPEN_WORK,
    AppealStatus,
    AssignmentStatus,
    ConflictType,
    ReportFormat,
    ReportStatus,
)
from .models import (
    Appeal,
    Assignment,
    AutoAssignmentProposal,
    ConflictDeclaration,
    Criterion,
    CriterionScore,
    DeclarationOverride,
    Evaluation,
    ExpertInvitation,
    PoolMember,
    PotentialConflictDecision,
    ProposalKind,
    RankingSnapshot,
    Report,
    Rubric,
)
from .ranking import compute_ranking, divergence_resolution, snapshot_data
from .reports import render_report_file
from .totals import weighted_total
from .validators import criterion_problems, score_problems


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


# --- assignment and evaluation ---
# Rubric builder, expert register, pool, conflict checks, automatic assignment, declarations and scoring.
# Owned by the "scoring" work; the ranking helper's functions live outside this section.





log = logging.getLogger(__name__)

INVITATION_SALT = "scoring.expert-invitation"
INVITATION_DAYS = 14
CRITERION_FIELDS = ("title", "description", "guidance", "min_score", "max_score", "step", "weight", "min_required",
                    "comment_required")


class ProblemsError(DomainError):
    """Several problems at once (rubric criteria, scores); ``problems`` go beside their fields."""

    def __init__(self, problems, message=None, *, code="invalid"):
        self.problems = list(problems)
        super().__init__(message or _("Please correct the problems shown."), code=code)


class AssignmentRefused(DomainError):
    """The solver found no complete assignment; ``details`` has the numbers (see scoring.assignment)."""

    status_code = 409

    def __init__(self, infeasible):
        self.details = infeasible.as_dict()
        super().__init__(
            _("No complete assignment exists: %(needed)s expert slots are needed but the pool can take at most "
              "%(capacity)s (sum over experts of the smaller of their free load and the applications they may "
              "score); at most %(fillable)s slots can be filled.")
            % {"needed": infeasible.slots_needed, "capacity": infeasible.capacity_available,
               "fillable": infeasible.max_fillable},
            code="assignment_infeasible")


# ------------------------------------------------------------------------------------------- rubrics

def _criteria_rows(criteria):
    """Validate criterion dicts (in order); raise ProblemsError with field keys "<index>-<field>"."""
    problems = []
    if not criteria:
        problems.append(("criteria", _("Add at least one criterion.")))
    for index, row in enumerate(criteria):
        if not str(row.get("title", "")).strip():
            problems.append((f"{index}-title", _("Enter the title of the criterion.")))
        for problem in criterion_problems(min_score=row.get("min_score"), max_score=row.get("max_score"),
                                          step=row.get("step"), weight=row.get("weight"),
                                          min_required=row.get("min_required"), guidance=row.get("guidance") or ()):
            problems.append((f"{index}-{problem.field}", problem.message))
    if problems:
        raise ProblemsError(problems)


def _write_criteria(rubric, criteria):
    existing = {c.pk: c for c in rubric.criteria.all()}
    keep = {row.get("id") for row in criteria if row.get("id") in existing}
    rubric.criteria.exclude(pk__in=keep).delete()
    # Move the kept rows out of the way of the unique (rubric, order) constraint first.
    for offset, pk in enumerate(sorted(keep)):
        Criterion.objects.filter(pk=pk).update(order=10_000 + offset)
    for order, row in enumerate(criteria, start=1):
        values = {name: row.get(name) for name in CRITERION_FIELDS}
        values["guidance"] = [
            {"from": str(b["from"]), "to": str(b["to"]), "text": b["text"]} for b in (row.get("guidance") or [])]
        values["description"] = values["description"] or ""
        values["comment_required"] = bool(values["comment_required"])
        if row.get("id") in keep:
            Criterion.objects.filter(pk=row["id"]).update(order=order, **values)
        else:
            Criterion.objects.create(rubric=rubric, order=order, **values)


def _rubric_state(rubric):
    return {"name": rubric.name, "version": rubric.version, "criteria": [
        {name: getattr(c, name) for name in ("order",) + CRITERION_FIELDS} for c in rubric.criteria.all()]}


@transaction.atomic
def rubric_create(*, name, actor, criteria, description="", body=None, is_template=False,
                  suggested_pass_threshold=None):
    _criteria_rows(criteria)
    rubric = Rubric.objects.create(name=name, description=description, body=body, is_template=is_template,
                                   suggested_pass_threshold=suggested_pass_threshold, created_by=actor)
    _write_criteria(rubric, criteria)
    audit.record(actor=actor, action="rubric.created", target=rubric, after=_rubric_state(rubric))
    return rubric


@transaction.atomic
def rubric_update(*, rubric, actor, name, criteria, description="", suggested_pass_threshold=None):
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.is_locked:
        raise DomainError(_("This rubric is locked because a published competition uses it: make a new version."),
                          code="rubric_locked")
    _criteria_rows(criteria)
    before = _rubric_state(rubric)
    rubric.name, rubric.description = name, description
    rubric.suggested_pass_threshold = suggested_pass_threshold
    rubric.save(update_fields=["name", "description", "suggested_pass_threshold"])
    _write_criteria(rubric, criteria)
    audit.record(actor=actor, action="rubric.updated", target=rubric, competition_id=rubric.competition_id,
                 before=before, after=_rubric_state(rubric))
    return rubric


def _rubric_copy(source, *, actor, **fields):
    copy = Rubric.objects.create(
        name=fields.pop("name", source.name), description=source.description,
        suggested_pass_threshold=source.suggested_pass_threshold, created_by=actor, **fields)
    Criterion.objects.bulk_create([
        Criterion(rubric=copy, order=c.order, **{name: getattr(c, name) for name in CRITERION_FIELDS})
        for c in source.criteria.all()])
    return copy


@transaction.atomic
def rubric_new_version(*, rubric, actor):
    """Editing a locked rubric: a copy with version + 1 that the caller may edit (no competition attached)."""
    body = rubric.body or (rubric.competition.body if rubric.competition_id else None)
    latest = Rubric.objects.filter(Q(pk=rubric.pk) | Q(previous_version=rubric)).order_by("-version").first()
    copy = _rubric_copy(rubric, actor=actor, is_template=rubric.is_template, body=None if rubric.is_template else body,
                        version=max(rubric.version, latest.version) + 1, previous_version=rubric,
                        copied_from=rubric.copied_from)
    audit.record(actor=actor, action="rubric.new_version", target=copy, before={"rubric_id": rubric.pk,
                 "version": rubric.version}, after={"rubric_id": copy.pk, "version": copy.version})
    return copy


@transaction.atomic
def competition_rubric_choose(*, competition, source, actor):
    """Copy ``source`` (a template or a rubric of the body) into the competition's own rubric."""

    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError(_("The rubric can be chosen only while the competition is a draft."),
                          code="competition_not_draft")
    if not (source.is_template or (source.body_id == competition.body_id and source.competition_id is None)):
        raise DomainError(_("Choose a template or one of your body's rubrics."), code="rubric_not_allowed")
    if not source.criteria.exists():
        raise DomainError(_("This rubric has no criteria."), code="rubric_empty")
    previous = Rubric.objects.filter(competition=competition).first()
    before = {}
    if previous is not None:
        if previous.is_locked:
            raise DomainError(_("The competition's rubric is locked."), code="rubric_locked")
        before = {"rubric_id": previous.pk, "copied_from": previous.copied_from_id}
        previous.delete()
    copy = _rubric_copy(source, actor=actor, competition=competition, body=competition.body,
                        copied_from=source, version=1)
    audit.record(actor=actor, action="competition.rubric_chosen", target=competition, competition_id=competition.pk,
                 before=before, after={"rubric_id": copy.pk, "copied_from": source.pk, "name": source.name,
                                       "version": source.version})
    return copy


# ------------------------------------------------------------------------------------- expert register

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


# ------------------------------------------------------------------------------------------ the pool

@transaction.atomic
def pool_add(*, competition, experts, actor, is_reserve=False):
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


# ----------------------------------------------------------------------------------------- assignment

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


def assignment_solve(*, competition, seed=0, max_load=None, kind=ProposalKind.INITIAL, application_ids=None,
                     extra=0, reserve_only=False):
    """Run the solver on the competition's pool; returns (AssignmentResult, index). Raises AssignmentRefused.

    ``kind=INITIAL`` and ``FILL``: every admitted application gets up to k active experts (FILL prefers the
    reserve). ``DIVERGENCE``: the listed applications get ``extra`` experts on top of those they have.
    """

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
    experts = [m.expert for m in members]
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
    expert_slots = []
    for expert in experts:
        limit = min(max_load, expert.max_load) if max_load else expert.max_load
        load = per_expert.get(expert.pk, 0)
        expert_slots.append(solver.ExpertSlot(
            id=expert.pk, capacity=max(limit - load, 0), existing_load=load,
            areas=frozenset(a.pk for a in expert.priority_areas.all()), regions=expert_regions[expert.pk]))
    try:
        result = solver.solve(experts=expert_slots, applications=app_slots,
                              forbidden=index.forbidden() | existing_pairs, seed=seed,
                              require_outside_region=competition.require_outside_region_expert)
    except solver.AssignmentInfeasible as infeasible:
        raise AssignmentRefused(infeasible) from None
    result.stats["potential_conflicts"] = [
        [e, a, index.open_potential(e, a)] for e, a in result.pairs if index.open_potential(e, a)]
    return result, index


@transaction.atomic
def assignment_propose(*, competition, actor, seed=0, max_load=None, kind=ProposalKind.INITIAL,
                       application_ids=None, extra=0):
    _require_review(competition)
    reserve_only = kind == ProposalKind.FILL and PoolMember.objects.filter(
        competition=competition, is_reserve=True).exists()
    result, _index = assignment_solve(competition=competition, seed=seed, max_load=max_load, kind=kind,
                                      application_ids=application_ids, extra=extra, reserve_only=reserve_only)
    if not result.pairs:
        raise DomainError(_("Every admitted application already has its experts: nothing to assign."),
                          code="nothing_to_assign")
    proposal = AutoAssignmentProposal.objects.create(
        competition=competition, kind=kind, seed=seed, max_load=max_load or 0,
        require_outside_region=competition.require_outside_region_expert,
        pairs=[list(p) for p in result.pairs], stats=result.stats, created_by=actor)
    audit.record(actor=actor, action="assignment.proposed", target=proposal, competition_id=competition.pk,
                 after={"kind": kind, "seed": seed, "max_load": max_load, "pairs": len(result.pairs)})
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


# ------------------------------------------------------------------------------- conflict declarations

def _officials_of(competition):
    return list(User.objects.filter(official_memberships__body_id=competition.body_id))


@transaction.atomic
def conflict_declare(*, assignment, actor, has_conflict, conflict_type="", note=""):
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
                                                     note=note.strip())
    audit.record(actor=actor, action="declaration.made", target=declaration,
                 competition_id=assignment.application.competition_id,
                 after={"has_conflict": has_conflict, "type": declaration.conflict_type})
    if has_conflict:
        assignment_transition(assignment=assignment, to=AssignmentStatus.RECUSED, actor=actor, reason=note)
        competition = assignment.application.competition
        notify(users=_officials_of(competition), subject=_("An expert recused: a slot is free"),
               body=later(_("An expert declared a conflict of interest on %(number)s. Fill the freed slot from the "
                            "reserve."), number=assignment.application), url=reverse("scoring:review_overview",
                                                                kwargs={"reference": competition.reference}))
    else:
        assignment_transition(assignment=assignment, to=AssignmentStatus.ACCEPTED, actor=actor)
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


# ------------------------------------------------------------------------------------------ evaluation

def _criteria_of(competition):
    rubric = Rubric.objects.filter(competition=competition).first()
    if rubric is None:
        raise DomainError(_("The competition has no rubric."), code="no_rubric")
    return list(rubric.criteria.all())


def _stored_scores(evaluation):
    return {s.criterion_id: (s.value, s.comment) for s in evaluation.scores.all()}


@transaction.atomic
def evaluation_save_draft(*, assignment, actor, scores, comment="", version=None):
    """Store the expert's draft. ``scores``: criterion id -> (Decimal or None, comment). Values given must lie
    on the scale; missing ones are allowed. ``version`` (the one the form was opened with) guards against a
    second tab overwriting newer work."""
    assignment = Assignment.objects.select_for_update().select_related("application__competition").get(
        pk=assignment.pk)
    if assignment.status not in EXPERT_CAN_SCORE:
        raise DomainError(_("This evaluation can no longer be changed."), code="evaluation_read_only")
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(assignment=assignment)
    if version is not None and int(version) != evaluation.version:
        raise StaleVersionError()
    criteria = _criteria_of(assignment.application.competition)
    known = {c.pk for c in criteria}
    scores = {cid: value for cid, value in scores.items() if cid in known}
    problems = score_problems(criteria=criteria, scores=scores, require_complete=False)
    if problems:
        raise ProblemsError([(p.field, p.message) for p in problems], code="scores_invalid")
    existing = {s.criterion_id: s for s in evaluation.scores.all()}
    for criterion in criteria:
        value, text = scores.get(criterion.pk, (None, ""))
        row = existing.get(criterion.pk)
        if row is None:
            CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, value=value, comment=text or "")
        elif row.value != value or row.comment != (text or ""):
            row.value, row.comment = value, text or ""
            row.save(update_fields=["value", "comment"])
    evaluation.comment = comment or ""
    evaluation.total = weighted_total({cid: v for cid, (v, _c) in scores.items()}, criteria)
    evaluation.version += 1
    evaluation.save(update_fields=["comment", "total", "version", "updated_at"])
    return evaluation


@transaction.atomic
def evaluation_submit(*, assignment, actor, now=None):
    """Submit the stored draft once every criterion is scored on its scale (and commented where required)."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().select_related("application__competition").get(
        pk=assignment.pk)
    if assignment.status == AssignmentStatus.SUBMITTED:
        return assignment.evaluation
    if assignment.status not in EXPERT_CAN_SCORE:
        raise DomainError(_("This evaluation cannot be submitted."), code="evaluation_read_only")
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(assignment=assignment)
    competition = assignment.application.competition
    criteria = _criteria_of(competition)
    scores = _stored_scores(evaluation)
    problems = score_problems(criteria=criteria, scores=scores, require_complete=True)
    if problems:
        raise ProblemsError([(p.field, p.message) for p in problems],
                            _("The evaluation is not complete: your draft is saved."), code="evaluation_incomplete")
    evaluation.total = weighted_total({cid: v for cid, (v, _c) in scores.items()}, criteria)
    evaluation.submitted_at = now
    evaluation.version += 1
    evaluation.save(update_fields=["total", "submitted_at", "version", "updated_at"])
    audit.record(actor=actor, action="evaluation.submitted", target=evaluation, competition_id=competition.pk,
                 after={"total": evaluation.total, "scores": {str(k): v for k, (v, _c) in scores.items()}})
    assignment_transition(assignment=assignment, to=AssignmentStatus.SUBMITTED, actor=actor, now=now)
    if competition.auto_add_expert_on_divergence:
        _auto_add_on_divergence(application=assignment.application, actor=actor)
    return evaluation


@transaction.atomic
def evaluation_reopen(*, assignment, actor, reason):
    if not (reason or "").strip():
        raise ProblemsError([("reason", _("Give the reason for reopening the evaluation."))])
    assignment = Assignment.objects.select_for_update().select_related(
        "application__competition", "expert__user").get(pk=assignment.pk)
    competition = assignment.application.competition
    if competition.status != CompetitionStatus.UNDER_REVIEW:
        raise DomainError(_("Evaluations can be reopened only while the competition is under review."),
                          code="competition_not_under_review")
    assignment_transition(assignment=assignment, to=AssignmentStatus.REOPENED, actor=actor, reason=reason)
    audit.record(actor=actor, action="evaluation.reopened", target=assignment.evaluation,
                 competition_id=competition.pk, before={"total": assignment.evaluation.total}, reason=reason)
    notify(users=[assignment.expert.user], subject=_("An evaluation was reopened for correction"),
           body=later(_("Reason: %(reason)s"), reason=reason),
           url=reverse("scoring:score", kwargs={"pk": assignment.pk}))
    return assignment


# ------------------------------------------------------------------------------------------ divergence

def divergence_of(totals, threshold_percent):
    """(difference, percent of the higher total, diverges?) for submitted expert totals."""
    totals = [Decimal(t) for t in totals if t is not None]
    if len(totals) < 2:
        return None
    high, low = max(totals), min(totals)
    difference = high - low
    percent = (difference * 100 / high) if high > 0 else Decimal("0")
    return difference, percent.quantize(Decimal("0.1")), percent > Decimal(threshold_percent)


def _auto_add_on_divergence(*, application, actor):
    competition = application.competition
    totals = list(Evaluation.objects.filter(assignment__application=application,
                                            assignment__status=AssignmentStatus.SUBMITTED)
                  .values_list("total", flat=True))
    result = divergence_of(totals, competition.divergence_threshold_percent)
    if not result or not result[2]:
        return None
    active = Assignment.objects.filter(application=application, status__in=ACTIVE).count()
    if active > competition.experts_per_application:
        return None  # an additional expert was added already
    try:
        return divergence_add_expert(application=application, actor=actor, seed=application.pk)
    except DomainError as error:
        notify(users=_officials_of(competition), subject=_("Divergent scores: no additional expert available"),
               body=str(error), url=reverse("scoring:review_overview", kwargs={"reference": competition.reference}))
        return None


@transaction.atomic
def divergence_add_expert(*, application, actor, seed=0):
    """Assign one more expert to a divergent application (same solver, one slot), audited and notified."""
    competition = application.competition
    proposal = assignment_propose(competition=competition, actor=actor, seed=seed, kind=ProposalKind.DIVERGENCE,
                                  application_ids=[application.pk], extra=1)
    return assignment_proposal_confirm(proposal=proposal, actor=actor)


# ------------------------------------------------------------------------------------------- reminders

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


def review_load_counts(expert_ids):
    """Current load: active assignments in competitions under review, per expert."""
    rows = (Assignment.objects.filter(expert_id__in=expert_ids, status__in=ACTIVE,
                                      application__competition__status=CompetitionStatus.UNDER_REVIEW)
            .values("expert_id").annotate(n=Count("id")))
    return {row["expert_id"]: row["n"] for row in rows}
# --- end of assignment and evaluation ---


# --- ranking, results and appeals ---------------------------------------------------------------------
# Owned by the "ranking" work (issue 6). Freezing, reports, publication of results and appeals.


def _domain_error(message, code):
    return DomainError(message, code=code)


class RankingBlocked(DomainError):
    """Freezing refused: missing or pending evaluations. ``blockers`` lists each one (see scoring.ranking)."""

    status_code = 409

    def __init__(self, blockers):

        super().__init__(ngettext("%(n)d application blocks the ranking.", "%(n)d applications block the ranking.",
                                  len(blockers)) % {"n": len(blockers)}, code="ranking_blocked")
        self.blockers = blockers


@transaction.atomic
def ranking_freeze(*, competition, actor, divergence_note="", now=None):
    """Freeze the live ranking into a new current ``RankingSnapshot`` and move the competition to ``ranked``."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().select_related("body").get(pk=competition.pk)
    if competition.status != CompetitionStatus.UNDER_REVIEW:
        raise _domain_error(_("Only a competition under review can have its ranking frozen."), "not_under_review")
    ranking = compute_ranking(competition)
    if ranking.blockers:
        raise RankingBlocked(ranking.blockers)
    if not ranking.rows:
        raise _domain_error(_("There is nothing to rank: no application has a submitted evaluation."),
                            "nothing_to_rank")
    divergence_note = (divergence_note or "").strip()
    if not divergence_note and any(divergence_resolution(competition, row) == "accepted_by_official"
                                   for row in ranking.divergent):
        raise _domain_error(_("Some expert totals diverge beyond the threshold and no additional expert was "
                              "assigned: explain how these cases were resolved before freezing."),
                            "divergence_note_required")
    canonical, sha256 = canonical_sha256(snapshot_data(ranking, divergence_note=divergence_note))
    previous = RankingSnapshot.objects.filter(competition=competition, is_current=True).first()
    RankingSnapshot.objects.filter(competition=competition, is_current=True).update(is_current=False)
    number = (RankingSnapshot.objects.filter(competition=competition).aggregate(m=Max("number"))["m"] or 0) + 1

    snapshot = RankingSnapshot.objects.create(
        competition=competition, number=number, data=json.loads(canonical), canonical=canonical, sha256=sha256,
        is_current=True, frozen_by=actor if getattr(actor, "pk", None) else None, frozen_at=now)
    audit.record(actor=actor, action="ranking.frozen", target=snapshot, competition_id=competition.pk,
                 before={"snapshot": previous.number if previous else None,
                         "sha256": previous.sha256 if previous else None},
                 after={"snapshot": number, "sha256": sha256, "ranked": len(ranking.rows),
                        "winners": ranking.summary["winners"]},
                 reason=divergence_note)
    competition_transition(competition=competition, to=CompetitionStatus.RANKED, actor=actor,
                           reason=f"ranking snapshot #{number} {sha256}", now=now)
    return snapshot


@transaction.atomic
def ranking_reopen(*, competition, actor, reason):
    """Unfreeze before publication (ranked -> under_review); the snapshot is kept, a new freeze supersedes it."""
    reason = (reason or "").strip()
    if not reason:
        raise _domain_error(_("Give the reason for reopening the ranking."), "reason_required")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.RANKED:
        raise _domain_error(_("Only a frozen, unpublished ranking can be reopened."), "not_ranked")
    return competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=actor,
                                  reason=reason)


def _enqueue_report(report):
    outbox_enqueue_task(task="scoring.render_report", kwargs={"report_id": report.pk})


@transaction.atomic
def report_request(*, snapshot, format, actor, language=None):
    """Ask for a report of a snapshot. Idempotent: one Report per snapshot, format and language, one job for it.

    ``language`` (default: the active one) is the language the report is written in.

    A second request returns the existing report (whatever its state) and enqueues nothing; a failed
    report is queued again only by ``report_retry``."""
    if format not in ReportFormat.values:
        raise _domain_error(_("Unknown report format."), "bad_format")
    language = _report_language(language)
    report, created = Report.objects.get_or_create(
        snapshot=snapshot, format=format, language=language,
        defaults={"requested_by": actor if getattr(actor, "pk", None) else None})
    if created:
        _enqueue_report(report)
    return report


def _report_language(language):
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def report_retry(*, report, actor):
    """Queue a failed report again (anything else is left as it is)."""

    updated = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, error="", started_at=None, finished_at=None)
    report.refresh_from_db()
    if updated:
        _enqueue_report(report)
    return report


def report_render(*, report_id):
    """Produce the file of one report (the body of the Celery task). Idempotent and safe to run twice.

    Not one transaction on purpose: progress is committed as it goes so the page polling it sees it.
    A database ``OperationalError`` puts the report back in the queue state and is re-raised for the
    task's autoretry; any other error marks the report failed with the message shown to the official."""
    report = Report.objects.select_related("snapshot__competition").filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    now = timezone.now()
    stale = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 900))
    claimed = Report.objects.filter(pk=report.pk).filter(
        Q(status=ReportStatus.QUEUED) | Q(status=ReportStatus.RUNNING, started_at__lt=stale)
    ).update(status=ReportStatus.RUNNING, started_at=now, progress=5, error="")
    if not claimed:
        return report  # another worker is on it, or it failed and waits for a retry

    def progress(percent):
        Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(progress=min(int(percent), 99))

    try:
        content, extension = render_report_file(report, progress=progress)
        sha256 = hashlib.sha256(content).hexdigest()
        snapshot = report.snapshot
        name = f"{snapshot.competition.reference}-ranking-{snapshot.number}.{extension}"
        with transaction.atomic():
            report.file.save(name, ContentFile(content), save=False)
            Report.objects.filter(pk=report.pk).update(
                file=report.file.name, sha256=sha256, status=ReportStatus.DONE, progress=100,
                finished_at=timezone.now(), error="")
            audit.record(actor=None, action="report.generated", target=report,
                         competition_id=snapshot.competition_id,
                         after={"format": report.format, "sha256": sha256, "snapshot": snapshot.number,
                                "snapshot_sha256": snapshot.sha256})
    except OperationalError:
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
        raise
    except Exception as exc:  # noqa: BLE001 - the official sees the error and may retry
        logging.getLogger(__name__).exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
    report.refresh_from_db()
    return report


@transaction.atomic
def results_publish(*, competition, actor, now=None):
    """Publish the current snapshot: every ranked application gets its outcome and awarded amount."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.RANKED:
        raise _domain_error(_("Results can be published only from a frozen ranking."), "not_ranked")
    snapshot = RankingSnapshot.objects.filter(competition=competition, is_current=True).first()
    if snapshot is None:
        raise _domain_error(_("There is no frozen ranking to publish."), "no_snapshot")
    rows = snapshot.data["rows"]
    applications = Application.objects.select_for_update().in_bulk([r["application_id"] for r in rows])
    reason = f"ranking snapshot #{snapshot.number} {snapshot.sha256}"
    for row in rows:
        application = applications[row["application_id"]]
        awarded = Decimal(row["awarded_amount"]) if row["awarded_amount"] is not None else None
        if application.awarded_amount != awarded:
            application.awarded_amount = awarded
            application.save(update_fields=["awarded_amount", "updated_at"])
        if application.status != row["outcome"]:
            application_transition(application=application, to=row["outcome"], actor=actor, reason=reason, now=now,
                                   extra_after={"rank": row["rank"], "final_score": row["final_score"],
                                                "awarded_amount": row["awarded_amount"]})
    competition_transition(competition=competition, to=CompetitionStatus.RESULTS_PUBLISHED, actor=actor,
                           reason=reason, now=now)
    audit.record(actor=actor, action="results.published", target=snapshot, competition_id=competition.pk,
                 after={"snapshot": snapshot.number, "sha256": snapshot.sha256, "applications": len(rows)})
    members = defaultdict(list)
    for organization_id, user in ((m.organization_id, m.user) for m in
                                  Membership.objects.select_related("user").filter(
                                      organization_id__in={a.organization_id for a in applications.values()})):
        members[organization_id].append(user)
    for application in applications.values():
        outcome = ApplicationStatus(application.status).label  # lazy: rendered in each reader's language
        notify(users=members[application.organization_id],
               subject=format_lazy(gettext_lazy("Results of competition {reference}: {outcome}"),
                                   reference=competition.reference, outcome=outcome),
               body=format_lazy(gettext_lazy("The results of the competition are published. Your application "
                                             "{number}: {outcome}. You can read the experts' scores and comments, "
                                             "and appeal within {days} working days."),
                                number=application.registration_number, outcome=outcome,
                                days=competition.appeal_window_days),
               url=f"/applications/{application.pk}/results/")
    return snapshot


def appeal_deadline(competition):
    """The last day (Asia/Almaty) on which an appeal may be filed, or None before publication."""

    if competition.results_published_at is None:
        return None
    published_on = timezone.localdate(competition.results_published_at)
    return add_working_days(published_on, competition.appeal_window_days)


@transaction.atomic
def appeal_file(*, application, reason, actor, now=None):
    """An applicant appeals its outcome within the window (working days after publication)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise _domain_error(_("Explain why you appeal."), "reason_required")
    application = Application.objects.select_for_update().select_related("competition").get(pk=application.pk)
    competition = application.competition
    if competition.status != CompetitionStatus.RESULTS_PUBLISHED or application.status not in OUTCOMES:
        raise _domain_error(_("An appeal can be filed only after the results are published."), "not_published")
    deadline = appeal_deadline(competition)
    if timezone.localdate(now) > deadline:
        raise _domain_error(_("The appeal window closed on %(date)s.") % {"date": deadline.strftime("%d.%m.%Y")},
                            "window_closed")
    if Appeal.objects.filter(application=application, status=AppealStatus.PENDING).exists():
        raise _domain_error(_("An appeal of this application is already awaiting a decision."), "already_pending")
    appeal = Appeal.objects.create(application=application, filed_by=actor, reason=reason, filed_at=now)
    audit.record(actor=actor, action="appeal.filed", target=appeal, competition_id=competition.pk,
                 after={"application": application.registration_number, "outcome": application.status},
                 reason=reason)
    officials = [m.user for m in OfficialMembership.objects.select_related("user").filter(body_id=competition.body_id)]
    notify(users=officials,
           subject=format_lazy(gettext_lazy("Appeal filed: {number}"), number=application.registration_number),
           body=format_lazy(gettext_lazy("An appeal against the results of {reference} awaits your decision."),
                            reference=competition.reference),
           url=f"/manage/ranking/{competition.reference}/appeals/{appeal.pk}/")
    return appeal


def _reopen_assignment(*, assignment, actor, reason):
    """Reopen one submitted evaluation through the scoring module's own service (expert notified)."""
    return evaluation_reopen(assignment=assignment, actor=actor, reason=reason)


@transaction.atomic
def appeal_decide(*, appeal, decision, reasoning, actor, reopen_assignment_ids=(), now=None):
    """The official's reasoned decision. Upheld with evaluations to reopen: results go back under review;
    once re-scored the ranking is frozen again (a new snapshot) and re-published."""
    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update().select_related("application__competition").get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise _domain_error(_("This appeal has already been decided."), "already_decided")
    if decision not in (AppealStatus.UPHELD, AppealStatus.DISMISSED):
        raise _domain_error(_("Choose: upheld or dismissed."), "bad_decision")
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise _domain_error(_("Give the reasoning for the decision."), "reasoning_required")
    reopen_ids = sorted({int(pk) for pk in reopen_assignment_ids or ()})
    if reopen_ids and decision != AppealStatus.UPHELD:
        raise _domain_error(_("Evaluations can be reopened only when the appeal is upheld."), "reopen_not_upheld")
    application = appeal.application
    assignments = list(Assignment.objects.select_related("application").filter(
        application=application, pk__in=reopen_ids, status=AssignmentStatus.SUBMITTED))
    if len(assignments) != len(reopen_ids):
        raise _domain_error(_("Only submitted evaluations of this application can be reopened."), "bad_assignment")
    appeal.status, appeal.reasoning, appeal.decided_by, appeal.decided_at = decision, reasoning, actor, now
    appeal.save(update_fields=["status", "reasoning", "decided_by", "decided_at"])
    audit.record(actor=actor, action=f"appeal.{decision}", target=appeal, competition_id=application.competition_id,
                 before={"status": AppealStatus.PENDING},
                 after={"status": decision, "reopened_assignments": reopen_ids}, reason=reasoning)
    if assignments:
        competition = Competition.objects.select_for_update().get(pk=application.competition_id)
        if competition.status in (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.RANKED):
            competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=actor,
                                   reason=f"appeal #{appeal.pk} upheld: {reasoning}", now=now)
        elif competition.status != CompetitionStatus.UNDER_REVIEW:
            raise _domain_error(_("The competition is no longer open to re-evaluation."), "not_reopenable")
        for assignment in assignments:
            _reopen_assignment(assignment=assignment, actor=actor, reason=f"appeal #{appeal.pk} upheld: {reasoning}")
    users = [m.user for m in
             Membership.objects.select_related("user").filter(organization_id=application.organization_id)]
    notify(users=users,
           subject=format_lazy(gettext_lazy("Decision on your appeal: {number}"),
                               number=application.registration_number),
           body=format_lazy(gettext_lazy("Your appeal was {decision}. Reasoning: {reasoning}"),
                            decision=AppealStatus(appeal.status).label, reasoning=reasoning),
           url=f"/applications/{application.pk}/results/")
    return appeal
# --- end of ranking, results and appeals ---------------------------------------------------------------
