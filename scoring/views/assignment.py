"""Officials run the review of a competition: pool, manual and automatic assignment, conflicts, progress.
Observers read the same pages (every action asks ``competitions.manage_competition``)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from portal import charts
from portal.errors import DomainError

from ..assignment import services
from ..assignment.selectors import (
    application_review,
    competition_assignments,
    pool_experts,
    proposal_view,
    proposals_for_competition,
    review_applications,
    review_summary,
    shortfalls_with_applications,
)
from ..enums import AssignmentStatus, ProposalKind
from ..errors import AssignmentRefused
from ..evaluation.services import evaluation_reopen
from ..experts.performance import attach_track_records
from ..experts.selectors import current_experts, expert_register_for_user, pool_candidates, pool_with_loads
from ..experts.services import pool_add, pool_remove
from ..forms.assignment import (
    AutoAssignForm,
    ConfirmProposalForm,
    FillForm,
    ManualAssignForm,
    OverrideForm,
    PoolForm,
    PotentialConflictForm,
    ReasonForm,
    RemoveForm,
    SeedForm,
)
from ..forms.experts import ExpertFilter
from .common import followed_competition, require


def _back(competition, name="scoring:review_overview", **kwargs):
    return redirect(name, reference=competition.reference, **kwargs)


def progress_chart(summary):
    """Evaluations submitted, under way and not yet assigned, as a bar with the same figures as a table."""
    submitted, needed, free = summary["submitted_total"], summary["needed_total"], summary["missing_slots"]
    segments = [(_("submitted"), submitted), (_("in progress"), max(needed - submitted - free, 0)),
                (_("expert still to assign"), free)]
    return {"svg": charts.progress_bar(segments, title=_("Evaluations submitted")), "rows": segments,
            "headers": (_("Evaluations"), _("Number")),
            "caption": _("Evaluations submitted: %(submitted)s; needed: %(needed)s.") % {"submitted": submitted,
                                                                                 "needed": needed}}


def _overview(request, competition, *, auto_form=None, status=200):
    summary = review_summary(competition)
    summary["progress_chart"] = progress_chart(summary)
    if auto_form is None:
        auto_form = AutoAssignForm(initial={"seed": 1, "max_load": summary["default_max_load"]})
    return render(request, "scoring/review_overview.html", {
        "competition": competition, **summary, "auto_form": auto_form,
        "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition),
        "proposals": proposals_for_competition(competition)[:5],
        "under_review": competition.status == CompetitionStatus.UNDER_REVIEW,
    }, status=status)


@login_required
def review_overview(request, reference):
    return _overview(request, followed_competition(request, reference))


@login_required
def review_pool(request, reference):
    competition = followed_competition(request, reference, manage=True)
    if request.method == "POST":
        form = PoolForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick at least one expert."))
        elif form.cleaned_data["action"] == PoolForm.REMOVE:
            for expert in form.cleaned_data["expert"]:
                pool_remove(competition=competition, expert=expert, actor=request.user)
            messages.success(request, _("Removed from the pool: %(n)s.") % {"n": len(form.cleaned_data["expert"])})
        else:
            try:
                pool_add(competition=competition, experts=form.cleaned_data["expert"], actor=request.user,
                         is_reserve=form.cleaned_data["action"] == PoolForm.RESERVE)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Added to the pool: %(n)s.") % {"n": len(form.cleaned_data["expert"])})
        return _back(competition, "scoring:review_pool")
    filterset = ExpertFilter(request.GET or None,
                             queryset=current_experts(expert_register_for_user(request.user).filter(is_active=True)))
    pool = pool_with_loads(competition)
    candidates = pool_candidates(filterset.qs, pool)
    attach_track_records([m.expert for m in pool] + candidates)
    return render(request, "scoring/review_pool.html", {
        "competition": competition, "filter": filterset, "form": filterset.form, "pool": pool,
        "candidates": candidates,
    }, status=400 if filterset.is_bound and not filterset.form.is_valid() else 200)


@login_required
@require_POST
def review_auto(request, reference):
    competition = followed_competition(request, reference, manage=True)
    form = AutoAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a seed and a maximum load (whole numbers)."))
        return _overview(request, competition, auto_form=form, status=400)
    return _propose(request, competition, kind=ProposalKind.INITIAL, **form.cleaned_data)


@login_required
@require_POST
def review_fill(request, reference):
    competition = followed_competition(request, reference, manage=True)
    form = FillForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a seed and a maximum load (whole numbers)."))
        return _overview(request, competition, auto_form=form, status=400)
    return _propose(request, competition, kind=ProposalKind.FILL, **form.cleaned_data)


def _propose(request, competition, *, kind, seed, max_load, weigh_performance=False):
    try:
        proposal = services.assignment_propose(competition=competition, actor=request.user, seed=seed,
                                               max_load=max_load, kind=kind, weigh_performance=weigh_performance)
    except AssignmentRefused as refused:
        return render(request, "scoring/review_infeasible.html", {
            "competition": competition, "error": refused, "details": refused.details,
            "shortfalls": shortfalls_with_applications(refused.details), "seed": seed, "max_load": max_load},
            status=409)
    except DomainError as error:
        messages.error(request, error.message)
        return _back(competition)
    return redirect("scoring:review_proposal", reference=competition.reference, pk=proposal.pk)


@login_required
def review_proposal(request, reference, pk):
    competition = followed_competition(request, reference)
    proposal = get_object_or_404(proposals_for_competition(competition), pk=pk)
    can_manage = rules.has_perm("competitions.manage_competition", request.user, competition)
    form = ConfirmProposalForm(request.POST or None, initial={"due_on": competition.evaluation_deadline})
    if request.method == "POST":
        require(request, "competitions.manage_competition", competition)
        if form.is_valid():
            try:
                created = services.assignment_proposal_confirm(proposal=proposal, actor=request.user,
                                                               due_on=form.cleaned_data["due_on"])
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("scoring:review_proposal", reference=reference, pk=pk)
            messages.success(request, _("%(n)s assignments created; the experts are notified.") % {"n": len(created)})
            return _back(competition)
    return render(request, "scoring/review_proposal.html", {
        "competition": competition, "proposal": proposal, "stats": proposal.stats, "form": form,
        "can_manage": can_manage, **proposal_view(proposal),
    }, status=400 if request.method == "POST" else 200)


@login_required
def review_application(request, reference, pk):
    competition = followed_competition(request, reference)
    application = get_object_or_404(review_applications(competition), pk=pk)
    review = application_review(competition, application)
    return render(request, "scoring/review_application.html", {
        "competition": competition, "application": application, **review,
        "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition),
        "manual_form": ManualAssignForm(experts=review["allowed"],
                                        initial={"due_on": competition.evaluation_deadline}),
        "reason_form": ReasonForm(), "override_form": OverrideForm(),
        "admitted": application.status == ApplicationStatus.ADMITTED,
        "statuses": AssignmentStatus,
    })


def _to_application(reference, application_id):
    return redirect("scoring:review_application", reference=reference, pk=application_id)


@login_required
@require_POST
def review_assign_add(request, reference, pk):
    competition = followed_competition(request, reference, manage=True)
    application = get_object_or_404(review_applications(competition), pk=pk)
    form = ManualAssignForm(request.POST, experts=pool_experts(competition))
    if not form.is_valid():
        messages.error(request, _("Choose an expert from the pool."))
        return _to_application(reference, pk)
    try:
        services.assignment_create(application=application, expert=form.cleaned_data["expert"],
                                   due_on=form.cleaned_data["due_on"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The expert is assigned and notified."))
    return _to_application(reference, pk)


def _assignment(request, reference, pk):
    competition = followed_competition(request, reference, manage=True)
    return get_object_or_404(competition_assignments(competition), pk=pk)


@login_required
@require_POST
def review_assignment_remove(request, reference, pk):
    assignment = _assignment(request, reference, pk)
    form = RemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.assignment_remove(assignment=assignment, actor=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The expert is removed from this application."))
    return _to_application(reference, assignment.application_id)


@login_required
@require_POST
def review_assignment_reopen(request, reference, pk):
    assignment = _assignment(request, reference, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the evaluation."))
        return _to_application(reference, assignment.application_id)
    try:
        evaluation_reopen(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The evaluation is reopened; the expert is notified."))
    return _to_application(reference, assignment.application_id)


@login_required
@require_POST
def review_assignment_override(request, reference, pk):
    assignment = _assignment(request, reference, pk)
    declaration = getattr(assignment, "declaration", None)
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
            messages.error(request, error.message)
        else:
            messages.success(request, _("The override is recorded."))
    return _to_application(reference, assignment.application_id)


@login_required
@require_POST
def review_potential_conflict(request, reference, pk):
    competition = followed_competition(request, reference, manage=True)
    application = get_object_or_404(review_applications(competition), pk=pk)
    form = PotentialConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return _to_application(reference, pk)
    try:
        services.potential_conflict_decide(application=application, expert=form.cleaned_data["expert"],
                                           decision=form.cleaned_data["decision"], note=form.cleaned_data["note"],
                                           actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision is recorded."))
    return _to_application(reference, pk)


@login_required
@require_POST
def review_divergence_add(request, reference, pk):
    competition = followed_competition(request, reference, manage=True)
    application = get_object_or_404(review_applications(competition), pk=pk)
    form = SeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The seed must be a whole number from 0 to 2147483647."))
        return _overview(request, competition, status=400)
    try:
        created = services.divergence_add_expert(application=application, actor=request.user,
                                                 seed=form.cleaned_data["seed"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("An additional expert is assigned: %(name)s.")
                         % {"name": ", ".join(str(a.expert) for a in created)})
    return _back(competition)
