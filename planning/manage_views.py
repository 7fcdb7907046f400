"""The body's side of a plan (/manage/plans/): the builder, items and evidence, the state changes, proposal
decisions, moderation and answers. Officials of the body act; observers (council members) read the lists and
get 403 on every form; everyone else 404 (``plans_followed_by``)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import GovernmentBody
from portal.accounts.selectors import roles_for_user
from portal.errors import DomainError

from . import services
from .enums import PlanStatus
from .execution import execution_of, sources
from .forms import (
    AnswerForm,
    ApproveForm,
    DecideForm,
    EvidenceForm,
    ItemForm,
    ModerateForm,
    OpenProposalsForm,
    PlanForm,
    ReasonForm,
    StartDiscussionForm,
)
from .models import Evidence, PlanItem
from .selectors import comments_for_body, plan_items, plans_followed_by, proposals_for_body
from .services.plans import approval_problems, discussion_start_problems
from .validators import earliest_discussion_end


def _followed(request, pk):
    return get_object_or_404(plans_followed_by(request.user), pk=pk)


def _managed(request, pk):
    plan = _followed(request, pk)
    if not rules.has_perm("planning.manage_plan", request.user, plan):
        raise PermissionDenied
    return plan


def _builder(plan):
    return reverse("manage_planning:detail", kwargs={"pk": plan.pk})


def _refused(request, plan, message, *, status=409):
    return render(request, "manage_planning/refused.html", {"plan": plan, "message": message}, status=status)


def _form_page(request, plan, *, form, template, call, success, next_url, **context):
    """GET shows the form; a valid POST runs ``call(cleaned_data)`` and redirects; problems stay beside fields."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except services.PlanRefused as error:
                for field, message in error.problems:
                    form.add_error(field if field in form.fields else None, message)
            except DomainError as error:
                return _refused(request, plan, error.message, status=error.status_code)
            else:
                messages.success(request, success)
                return redirect(next_url)
    return render(request, template, {"plan": plan, "form": form, **context}, status=status)


# ------------------------------------------------------------------------------------------------- plans

@login_required
def plan_list(request):
    roles = roles_for_user(request.user)
    if not (roles.is_admin or roles.followed_body_ids):
        raise PermissionDenied
    page = Paginator(plans_followed_by(request.user).order_by("-year", "id"), 25).get_page(request.GET.get("page"))
    return render(request, "manage_planning/list.html", {"page_obj": page, "plans": page.object_list,
                                                         "can_create": roles.is_admin or roles.is_official})


@login_required
def plan_create(request):
    roles = roles_for_user(request.user)
    bodies = GovernmentBody.objects.all() if roles.is_admin else GovernmentBody.objects.filter(
        pk__in=roles.official_body_ids)
    if not bodies.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, bodies=bodies, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except services.PlanRefused as error:
            for field, message in error.problems:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Draft plan saved. Add its items, then open it for proposals."))
            return redirect(_builder(plan))
    return render(request, "manage_planning/plan_form.html", {"form": form, "creating": True},
                  status=400 if request.method == "POST" else 200)


@login_required
def plan_detail(request, pk):
    plan = _followed(request, pk)
    today = timezone.localdate()
    problems = []
    if plan.status == PlanStatus.PROPOSALS_OPEN:
        problems = discussion_start_problems(plan, earliest_discussion_end(today), today=today)
    elif plan.status == PlanStatus.IN_DISCUSSION:
        problems = approval_problems(plan, today=today)
    return render(request, "manage_planning/detail.html", {
        "plan": plan, "items": list(plan_items(plan)), "problems": problems,
        "can_manage": rules.has_perm("planning.manage_plan", request.user, plan)})


@login_required
def plan_execution(request, pk):
    """The body's view of the plan's execution: drafts and unpublished figures too."""
    plan = _followed(request, pk)
    approved = plan.status == PlanStatus.APPROVED
    return render(request, "manage_planning/execution.html", {
        "plan": plan, "rows": execution_of(plan_items(plan), public=False) if approved else [],
        "sources": sources(), "approved": approved,
        "can_manage": rules.has_perm("planning.manage_plan", request.user, plan)})


@login_required
def plan_edit(request, pk):
    plan = _managed(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    return _form_page(request, plan, form=form, template="manage_planning/plan_form.html",
                      call=lambda data: services.plan_update(plan=plan, fields=data, actor=request.user),
                      success=_("Changes saved."), next_url=_builder(plan))


@login_required
def open_proposals(request, pk):
    plan = _managed(request, pk)
    return _form_page(request, plan, form=OpenProposalsForm(request.POST or None),
                      template="manage_planning/open_proposals.html",
                      call=lambda data: services.plan_open_proposals(plan=plan, actor=request.user, **data),
                      success=_("The plan is published and open for topic proposals."), next_url=_builder(plan))


@login_required
def start_discussion(request, pk):
    plan = _managed(request, pk)
    today = timezone.localdate()
    earliest = earliest_discussion_end(today)
    form = StartDiscussionForm(request.POST or None, initial={"discussion_ends_on": earliest})
    return _form_page(request, plan, form=form, template="manage_planning/start_discussion.html",
                      call=lambda data: services.plan_start_discussion(plan=plan, actor=request.user, **data),
                      success=_("The public discussion has started; council members are notified."),
                      next_url=_builder(plan), earliest=earliest,
                      problems=discussion_start_problems(plan, earliest, today=today)
                      if plan.status == PlanStatus.PROPOSALS_OPEN else [])


@login_required
def approve(request, pk):
    plan = _managed(request, pk)
    problems = approval_problems(plan, today=timezone.localdate()) if plan.status == PlanStatus.IN_DISCUSSION else []
    return _form_page(request, plan, form=ApproveForm(request.POST or None), template="manage_planning/approve.html",
                      call=lambda data: services.plan_approve(plan=plan, actor=request.user, **data),
                      success=_("The plan is approved: version 1 and the summary of the discussion are published."),
                      next_url=_builder(plan), problems=problems)


# ------------------------------------------------------------------------------------------------- items

def _item(plan, item_pk):
    return get_object_or_404(PlanItem.objects.filter(plan=plan), pk=item_pk)


@login_required
def item_new(request, pk):
    plan = _managed(request, pk)
    form = ItemForm(request.POST or None, approved=plan.status == PlanStatus.APPROVED)
    return _form_page(request, plan, form=form, template="manage_planning/item_form.html",
                      call=lambda data: services.plan_item_create(
                          plan=plan, fields=form.service_fields(), regions=data["regions"],
                          reason=data.get("reason", ""), actor=request.user),
                      success=_("Item added."), next_url=_builder(plan))


@login_required
def item_edit(request, pk, item_pk):
    plan = _managed(request, pk)
    item = _item(plan, item_pk)
    form = ItemForm(request.POST or None, instance=item, approved=plan.status == PlanStatus.APPROVED)
    return _form_page(request, plan, form=form, template="manage_planning/item_form.html", item=item,
                      call=lambda data: services.plan_item_update(
                          item=item, fields=form.service_fields(), regions=data["regions"],
                          reason=data.get("reason", ""), actor=request.user),
                      success=_("Item saved."), next_url=_builder(plan))


@login_required
def item_withdraw(request, pk, item_pk):
    plan = _managed(request, pk)
    item = _item(plan, item_pk)
    return _form_page(request, plan, form=ReasonForm(request.POST or None), item=item,
                      template="manage_planning/item_withdraw.html",
                      call=lambda data: services.plan_item_withdraw(item=item, reason=data["reason"],
                                                                    actor=request.user),
                      success=_("The item is withdrawn; a new version of the plan is published."),
                      next_url=_builder(plan))


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    plan = _managed(request, pk)
    try:
        services.plan_item_delete(item=_item(plan, item_pk), actor=request.user)
    except DomainError as error:
        return _refused(request, plan, error.message, status=error.status_code)
    messages.success(request, _("Item deleted."))
    return redirect(_builder(plan))


@login_required
def item_evidence(request, pk, item_pk):
    plan = _followed(request, pk)
    item = _item(plan, item_pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not rules.has_perm("planning.manage_plan", request.user, plan):
        raise PermissionDenied
    return _form_page(request, plan, form=form, template="manage_planning/evidence.html", item=item,
                      evidence=item.evidence.order_by("added_at", "id"),
                      can_manage=rules.has_perm("planning.manage_plan", request.user, plan),
                      call=lambda data: services.evidence_add(
                          item=item, kind=data["kind"], title=data["title"], url=data["url"], note=data["note"],
                          upload=data["upload"], actor=request.user),
                      success=_("Evidence added."),
                      next_url=reverse("manage_planning:evidence", kwargs={"pk": plan.pk, "item_pk": item.pk}))


@login_required
@require_POST
def evidence_delete(request, pk, evidence_pk):
    plan = _managed(request, pk)
    evidence = get_object_or_404(Evidence.objects.filter(item__plan=plan).select_related("item"), pk=evidence_pk)
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
    except DomainError as error:
        return _refused(request, plan, error.message, status=error.status_code)
    messages.success(request, _("Evidence removed."))
    return redirect("manage_planning:evidence", pk=plan.pk, item_pk=evidence.item_id)


# ------------------------------------------------------------------------------ proposals and discussion

@login_required
def proposals(request, pk):
    plan = _followed(request, pk)
    page = Paginator(proposals_for_body(plan), 25).get_page(request.GET.get("page"))
    return render(request, "manage_planning/proposals.html", {
        "plan": plan, "page_obj": page, "proposals": page.object_list,
        "can_manage": rules.has_perm("planning.manage_plan", request.user, plan)})


@login_required
def proposal_decide(request, pk, proposal_pk):
    plan = _managed(request, pk)
    proposal = get_object_or_404(proposals_for_body(plan), pk=proposal_pk)
    items = PlanItem.objects.filter(plan=plan, withdrawn_at__isnull=True).order_by("number")
    form = DecideForm(request.POST or None, items=items, initial={"amount": proposal.suggested_amount})
    return _form_page(request, plan, form=form, template="manage_planning/decide.html", proposal=proposal,
                      call=lambda data: services.proposal_decide(proposal=proposal, actor=request.user, **data),
                      success=_("Decision recorded; the author is notified."),
                      next_url=reverse("manage_planning:proposals", kwargs={"pk": plan.pk}))


@login_required
def comments(request, pk):
    plan = _followed(request, pk)
    page = Paginator(comments_for_body(plan), 25).get_page(request.GET.get("page"))
    return render(request, "manage_planning/comments.html", {
        "plan": plan, "page_obj": page, "comments": page.object_list,
        "can_manage": rules.has_perm("planning.manage_plan", request.user, plan)})


def _comment(plan, comment_pk):
    return get_object_or_404(comments_for_body(plan), pk=comment_pk)


@login_required
def comment_moderate(request, pk, comment_pk):
    plan = _managed(request, pk)
    comment = _comment(plan, comment_pk)
    return _form_page(request, plan, form=ModerateForm(request.POST or None), comment=comment,
                      template="manage_planning/moderate.html",
                      call=lambda data: services.comment_moderate(comment=comment, actor=request.user, **data),
                      success=_("Moderation recorded; the author is notified."),
                      next_url=reverse("manage_planning:comments", kwargs={"pk": plan.pk}))


@login_required
def comment_answer(request, pk, comment_pk):
    plan = _managed(request, pk)
    comment = _comment(plan, comment_pk)
    form = AnswerForm(request.POST or None, initial={"answer_outcome": comment.answer_outcome,
                                                     "answer_text": comment.answer_text})
    return _form_page(request, plan, form=form, comment=comment, template="manage_planning/answer.html",
                      call=lambda data: services.comment_answer(comment=comment, actor=request.user,
                                                                outcome=data["answer_outcome"],
                                                                text=data["answer_text"]),
                      success=_("The answer is published; the author is notified."),
                      next_url=reverse("manage_planning:comments", kwargs={"pk": plan.pk}))
