"""Officials run the review of a competition: pool, manual and automatic assignment, conflicts, progress."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.enums import ApplicationStatus
from applications.models import Application
from portal.accounts.models import ExpertProfile
from portal.errors import DomainError

from . import services
from .conflicts import SIGNAL_LABELS, conflict_index
from .enums import ACTIVE, AssignmentStatus
from .forms import (
    AutoAssignForm,
    ConfirmProposalForm,
    ExpertFilter,
    ManualAssignForm,
    OverrideForm,
    PotentialConflictForm,
    ReasonForm,
)
from .models import Assignment, AutoAssignmentProposal, ConflictDeclaration, PoolMember, ProposalKind
from .selectors import (
    competitions_for_review,
    expert_register_for_user,
    pool_for_competition,
    progress_for_competition,
    proposals_for_competition,
)


def _competition(request, reference, *, manage=False):
    competition = get_object_or_404(competitions_for_review(request.user), reference=reference)
    if manage and not request.user.has_perm("scoring.manage_review", competition):
        raise PermissionDenied
    return competition


def _back(competition, name="scoring:review_overview", **kwargs):
    return redirect(name, reference=competition.reference, **kwargs)


def _domain_message(request, error):
    messages.error(request, error.message)


@login_required
def review_overview(request, reference):
    competition = _competition(request, reference)
    rows = progress_for_competition(competition)
    today = timezone.localdate()
    pool_size = PoolMember.objects.filter(competition=competition).count()
    return render(request, "scoring/review_overview.html", {
        "competition": competition, "rows": rows, "today": today,
        "can_manage": request.user.has_perm("scoring.manage_review", competition),
        "divergent": [r for r in rows if r["diverges"]],
        "overdue": [a for r in rows for a in r["overdue"]],
        "missing_slots": sum(r["missing"] for r in rows),
        "submitted_total": sum(r["submitted"] for r in rows),
        "needed_total": sum(r["k"] for r in rows),
        "pool_size": pool_size,
        "proposals": proposals_for_competition(competition)[:5],
        "auto_form": AutoAssignForm(initial={"seed": 1, "max_load": _default_max_load(competition, len(rows),
                                                                                      pool_size)}),
        "under_review": competition.status == "under_review",
    })


def _default_max_load(competition, applications, pool_size):
    if not pool_size:
        return 10
    return max(1, -(-applications * competition.experts_per_application // pool_size))


@login_required
def review_pool(request, reference):
    competition = _competition(request, reference, manage=True)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("expert") if v.isdigit()]
        experts = list(ExpertProfile.objects.filter(pk__in=ids))
        action = request.POST.get("action")
        if action == "remove":
            for expert in experts:
                services.pool_remove(competition=competition, expert=expert, actor=request.user)
            messages.success(request, _("Removed from the pool: %(n)s.") % {"n": len(experts)})
        elif experts:
            services.pool_add(competition=competition, experts=experts, actor=request.user,
                              is_reserve=action == "reserve")
            messages.success(request, _("Added to the pool: %(n)s.") % {"n": len(experts)})
        else:
            messages.error(request, _("Tick at least one expert."))
        return _back(competition, "scoring:review_pool")
    filterset = ExpertFilter(request.GET or None,
                             queryset=expert_register_for_user(request.user).filter(is_active=True))
    pool = list(pool_for_competition(competition))
    in_pool = {m.expert_id for m in pool}
    candidates = [e for e in filterset.qs[:200] if e.pk not in in_pool]
    loads = services.review_load_counts([m.expert_id for m in pool])
    for member in pool:
        member.current_load = loads.get(member.expert_id, 0)
    return render(request, "scoring/review_pool.html", {
        "competition": competition, "filter": filterset, "form": filterset.form, "pool": pool,
        "candidates": candidates, "loads": loads,
    }, status=400 if filterset.is_bound and not filterset.form.is_valid() else 200)


@login_required
@require_POST
def review_auto(request, reference):
    competition = _competition(request, reference, manage=True)
    form = AutoAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a seed and a maximum load (whole numbers)."))
        return _back(competition)
    return _propose(request, competition, kind=ProposalKind.INITIAL, **form.cleaned_data)


@login_required
@require_POST
def review_fill(request, reference):
    competition = _competition(request, reference, manage=True)
    form = AutoAssignForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"seed": 1, "max_load": None}
    return _propose(request, competition, kind=ProposalKind.FILL, **data)


def _propose(request, competition, *, kind, seed, max_load):
    try:
        proposal = services.assignment_propose(competition=competition, actor=request.user, seed=seed,
                                               max_load=max_load, kind=kind)
    except services.AssignmentRefused as refused:
        applications = {a.pk: a for a in Application.objects.filter(
            pk__in=[s["application_id"] for s in refused.details["shortfalls"]])}
        shortfalls = [dict(s, application=applications.get(s["application_id"])) for s in refused.details["shortfalls"]]
        return render(request, "scoring/review_infeasible.html", {
            "competition": competition, "error": refused, "details": refused.details, "shortfalls": shortfalls,
            "seed": seed, "max_load": max_load}, status=409)
    except DomainError as error:
        _domain_message(request, error)
        return _back(competition)
    return redirect("scoring:review_proposal", reference=competition.reference, pk=proposal.pk)


@login_required
def review_proposal(request, reference, pk):
    competition = _competition(request, reference)
    proposal = get_object_or_404(AutoAssignmentProposal.objects.filter(competition=competition), pk=pk)
    can_manage = request.user.has_perm("scoring.manage_review", competition)
    form = ConfirmProposalForm(request.POST or None, initial={"due_on": competition.evaluation_deadline})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = services.assignment_proposal_confirm(proposal=proposal, actor=request.user,
                                                               due_on=form.cleaned_data["due_on"])
            except DomainError as error:
                _domain_message(request, error)
                return redirect("scoring:review_proposal", reference=reference, pk=pk)
            messages.success(request, _("%(n)s assignments created; the experts are notified.") % {"n": len(created)})
            return _back(competition)
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
    return render(request, "scoring/review_proposal.html", {
        "competition": competition, "proposal": proposal, "rows": rows, "stats": proposal.stats, "form": form,
        "histogram": [(load, n, round(100 * n / widest)) for load, n in histogram], "can_manage": can_manage,
        "potential_count": len(potential),
    }, status=400 if request.method == "POST" else 200)


@login_required
def review_application(request, reference, pk):
    competition = _competition(request, reference)
    application = get_object_or_404(Application.objects.filter(competition=competition).select_related(
        "organization__region"), pk=pk)
    assignments = list(Assignment.objects.filter(application=application).select_related(
        "expert__user", "declaration__override", "evaluation").order_by("pk"))
    pool = [m.expert for m in pool_for_competition(competition)]
    assigned_ids = {a.expert_id for a in assignments}
    experts = {e.pk: e for e in pool}
    for a in assignments:
        experts.setdefault(a.expert_id, a.expert)
    index = conflict_index(experts=experts.values(), applications=[application],
                           require_outside_region=competition.require_outside_region_expert)
    candidates = []
    for expert in pool:
        if expert.pk in assigned_ids:
            continue
        blocking = index.blocking_reasons(expert.pk, application.pk)
        candidates.append({"expert": expert, "blocking": [str(SIGNAL_LABELS.get(c, _("confirmed conflict")))
                                                          for c in blocking],
                           "potential": [str(SIGNAL_LABELS[c])
                                         for c in index.open_potential(expert.pk, application.pk)]})
    potential_rows = []
    for (expert_id, application_id), codes in sorted(index.potential.items()):
        potential_rows.append({"expert": experts[expert_id], "signals": [str(SIGNAL_LABELS[c]) for c in codes],
                               "decision": index.decisions.get((expert_id, application_id)),
                               "assigned": expert_id in assigned_ids})
    allowed = ExpertProfile.objects.filter(pk__in=[c["expert"].pk for c in candidates if not c["blocking"]])
    active = sum(1 for a in assignments if a.status in ACTIVE)
    return render(request, "scoring/review_application.html", {
        "competition": competition, "application": application, "assignments": assignments,
        "candidates": candidates, "potential_rows": potential_rows, "active": active,
        "can_manage": request.user.has_perm("scoring.manage_review", competition),
        "manual_form": ManualAssignForm(experts=allowed, initial={"due_on": competition.evaluation_deadline}),
        "reason_form": ReasonForm(), "override_form": OverrideForm(),
        "admitted": application.status == ApplicationStatus.ADMITTED,
        "statuses": AssignmentStatus,
    })


@login_required
@require_POST
def review_assign_add(request, reference, pk):
    competition = _competition(request, reference, manage=True)
    application = get_object_or_404(Application.objects.filter(competition=competition), pk=pk)
    form = ManualAssignForm(request.POST, experts=ExpertProfile.objects.filter(
        pool_memberships__competition=competition))
    if form.is_valid():
        try:
            services.assignment_create(application=application, expert=form.cleaned_data["expert"],
                                       due_on=form.cleaned_data["due_on"], actor=request.user)
        except DomainError as error:
            _domain_message(request, error)
        else:
            messages.success(request, _("The expert is assigned and notified."))
    else:
        messages.error(request, _("Choose an expert from the pool."))
    return redirect("scoring:review_application", reference=reference, pk=pk)


def _assignment(request, reference, pk):
    competition = _competition(request, reference, manage=True)
    assignment = get_object_or_404(Assignment.objects.filter(application__competition=competition).select_related(
        "application", "expert__user"), pk=pk)
    return competition, assignment


@login_required
@require_POST
def review_assignment_remove(request, reference, pk):
    _competition_obj, assignment = _assignment(request, reference, pk)
    try:
        services.assignment_remove(assignment=assignment, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        _domain_message(request, error)
    else:
        messages.success(request, _("The expert is removed from this application."))
    return redirect("scoring:review_application", reference=reference, pk=assignment.application_id)


@login_required
@require_POST
def review_assignment_reopen(request, reference, pk):
    _competition_obj, assignment = _assignment(request, reference, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the evaluation."))
    else:
        try:
            services.evaluation_reopen(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            _domain_message(request, error)
        else:
            messages.success(request, _("The evaluation is reopened; the expert is notified."))
    return redirect("scoring:review_application", reference=reference, pk=assignment.application_id)


@login_required
@require_POST
def review_assignment_override(request, reference, pk):
    _competition_obj, assignment = _assignment(request, reference, pk)
    declaration = ConflictDeclaration.objects.filter(assignment=assignment).first()
    form = OverrideForm(request.POST)
    if declaration is None:
        messages.error(request, _("The expert has not declared yet."))
    elif not form.is_valid():
        messages.error(request, _("Choose the override and give the reason."))
    else:
        try:
            services.declaration_override(declaration=declaration, action=form.cleaned_data["action"],
                                          reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            _domain_message(request, error)
        else:
            messages.success(request, _("The override is recorded."))
    return redirect("scoring:review_application", reference=reference, pk=assignment.application_id)


@login_required
@require_POST
def review_potential_conflict(request, reference, pk):
    competition = _competition(request, reference, manage=True)
    application = get_object_or_404(Application.objects.filter(competition=competition).select_related(
        "organization"), pk=pk)
    form = PotentialConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        try:
            services.potential_conflict_decide(application=application, expert=form.cleaned_data["expert"],
                                               decision=form.cleaned_data["decision"], note=form.cleaned_data["note"],
                                               actor=request.user)
        except DomainError as error:
            _domain_message(request, error)
        else:
            messages.success(request, _("The decision is recorded."))
    return redirect("scoring:review_application", reference=reference, pk=pk)


@login_required
@require_POST
def review_divergence_add(request, reference, pk):
    competition = _competition(request, reference, manage=True)
    application = get_object_or_404(Application.objects.filter(competition=competition), pk=pk)
    try:
        created = services.divergence_add_expert(application=application, actor=request.user,
                                                 seed=int(request.POST.get("seed") or 1))
    except services.AssignmentRefused as refused:
        messages.error(request, refused.message)
    except DomainError as error:
        _domain_message(request, error)
    else:
        messages.success(request, _("An additional expert is assigned: %(name)s.")
                         % {"name": ", ".join(str(a.expert) for a in created)})
    return _back(competition)
