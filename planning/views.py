"""Public pages of plans: the list, a plan (items, evidence, proposals, discussion, summary), proposing a topic,
commenting, versions and the execution view. Writes go through the services; rules decide who may act."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.selectors import organizations_for_user
from portal.errors import DomainError
from portal.uploads import download_response

from . import services
from .enums import PlanStatus
from .execution import execution_of, sources
from .filters import PlanFilter
from .forms import CommentForm, ProposalForm
from .models import PlanItem
from .selectors import (
    evidence_for_user,
    hidden_comment_count,
    own_comments,
    own_proposals,
    plan_items,
    plan_versions,
    plans_for_user,
    proposals_public,
    published_comments,
)
from .versions import item_changes

DISCUSSED = (PlanStatus.IN_DISCUSSION, PlanStatus.APPROVED)


def plan_list(request):
    filterset = PlanFilter(request.GET or None, queryset=plans_for_user(request.user).order_by("-year", "id"))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.form.is_valid() else 200
    return render(request, "planning/list.html", {"form": filterset.form, "page_obj": page, "plans": page.object_list},
                  status=status)


def _plan(request, pk):
    return get_object_or_404(plans_for_user(request.user), pk=pk)


def plan_detail(request, pk):
    plan = _plan(request, pk)
    user = request.user
    return render(request, "planning/detail.html", {
        "plan": plan, "items": list(plan_items(plan)),
        "proposals": list(proposals_public(plan)) if plan.status != PlanStatus.DRAFT else [],
        "comments": list(published_comments(plan)) if plan.status in DISCUSSED else [],
        "hidden_count": hidden_comment_count(plan) if plan.status == PlanStatus.APPROVED else 0,
        "my_proposals": list(own_proposals(user, plan)), "my_comments": list(own_comments(user, plan)),
        "can_propose": rules.has_perm("planning.propose_topic", user, plan),
        "can_comment": rules.has_perm("planning.comment_plan", user, plan),
        "can_manage": rules.has_perm("planning.view_plan_internal", user, plan)})


def evidence_download(request, pk, evidence_pk):
    evidence = evidence_for_user(request.user, _plan(request, pk), evidence_pk)
    if evidence is None:
        raise Http404
    return download_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


def _closed(request, plan, message):
    return render(request, "planning/closed.html", {"plan": plan, "message": message}, status=403)


def _add_problems(form, problems):
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


@login_required
def proposal_new(request, pk):
    plan = _plan(request, pk)
    if not rules.has_perm("planning.propose_topic", request.user, plan):
        return _closed(request, plan, _("This plan does not accept topic proposals from you now."))
    form = ProposalForm(request.POST or None, request.FILES or None, organizations=organizations_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(plan=plan, fields=data, regions=data["regions"], organization=data["organization"],
                                     evidence=form.evidence(), actor=request.user)
        except services.PlanRefused as error:
            _add_problems(form, error.problems)
        except DomainError as error:
            return _closed(request, plan, error.message)
        else:
            messages.success(request, _("Your proposal was sent. The body decides on it with a published reason."))
            return redirect(reverse("planning:detail", kwargs={"pk": plan.pk}) + "#your-proposals")
    return render(request, "planning/propose.html", {"plan": plan, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def comment_new(request, pk):
    plan = _plan(request, pk)
    if not rules.has_perm("planning.comment_plan", request.user, plan):
        return _closed(request, plan, _("This plan is not open for your comments now."))
    items = PlanItem.objects.filter(plan=plan, withdrawn_at__isnull=True).order_by("number")
    form = CommentForm(request.POST or None, items=items, organizations=organizations_for_user(request.user),
                       initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_submit(plan=plan, text=data["text"], item=data["item"],
                                    organization=data["organization"], actor=request.user)
        except services.PlanRefused as error:
            _add_problems(form, error.problems)
        except DomainError as error:
            return _closed(request, plan, error.message)
        else:
            messages.success(request, _("Your comment was sent. It is published after moderation."))
            return redirect(reverse("planning:detail", kwargs={"pk": plan.pk}) + "#your-comments")
    return render(request, "planning/comment.html", {"plan": plan, "form": form},
                  status=400 if request.method == "POST" else 200)


def _labelled(changes):
    """Each change's fields as ``(label, before, after)``, labels from the model in the reader's language."""
    labels = {f.name: f.verbose_name for f in PlanItem._meta.get_fields() if hasattr(f, "verbose_name")}
    return [{"number": c.number, "kind": c.kind,
             "fields": [(labels.get(name, name), before, after) for name, before, after in c.fields]}
            for c in changes]


def plan_versions_page(request, pk):
    plan = _plan(request, pk)
    versions, previous = [], None
    for version in plan_versions(plan):
        changes = item_changes(previous.snapshot["items"], version.snapshot["items"]) if previous else []
        versions.append({"version": version, "changes": _labelled(changes)})
        previous = version
    return render(request, "planning/versions.html", {"plan": plan, "versions": versions[::-1]})


def plan_execution(request, pk):
    plan = _plan(request, pk)
    approved = plan.status == PlanStatus.APPROVED
    return render(request, "planning/execution.html", {
        "plan": plan, "rows": execution_of(plan_items(plan)) if approved else [], "sources": sources(),
        "approved": approved})
