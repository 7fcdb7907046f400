"""The monitoring visit pages: plan a visit (project page), the visit page (checklist, findings, actions), the
organisation's answers and the curator's closing or reopening. Thin: the selector finds (404), a rule of
``rules.py`` decides (403), the form parses, one service of ``services/monitoring.py`` writes; a refused write
re-renders the visit page with status 400 and the message."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from applications.uploads import detect_kind
from portal.errors import DomainError

from . import forms_monitoring as forms
from .selectors import projects_for_user
from .selectors_monitoring import (
    actions_for_user,
    active_experts,
    checklist_rows,
    inspector_choices,
    project_evaluation,
    project_visits,
    visit_detail,
    visits_for_user,
)
from .services import monitoring as service


def _require(user, perm, obj):
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _page(request, visit, *, error=None, bound=None, status=200):
    user = request.user
    context = {"visit": visit, "rows": checklist_rows(visit), "error": error,
               "may_inspect": rules.has_perm("projects.inspect_visit", user, visit) and visit.status == "planned",
               "may_curate": rules.has_perm("projects.curate_visit", user, visit),
               "may_answer": rules.has_perm("projects.answer_visit", user, visit)}
    context["checklist_form"] = (bound or {}).get("checklist") or forms.ChecklistForm(rows=context["rows"],
                                                                                      initial=_visit_initial(visit))
    context["finding_form"] = (bound or {}).get("finding") or forms.FindingForm()
    context["action_form"] = (bound or {}).get("action") or forms.ActionForm(findings=visit.findings.all())
    return render(request, "projects/visit_detail.html", context, status=status)


def _visit_initial(visit):
    return {"rating": visit.rating, "summary": visit.summary, "visited_on": visit.visited_on}


@login_required
@require_POST
def visit_plan(request, pk):
    project = get_object_or_404(projects_for_user(request.user).select_related("competition"), pk=pk)
    _require(request.user, "projects.manage_project", project)
    form = forms.PlanVisitForm(request.POST, inspectors=inspector_choices(project))
    try:
        if not form.is_valid():
            raise DomainError(" ".join(f"{form[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
        visit = service.visit_plan(project=project, planned_on=form.cleaned_data["planned_on"],
                                   inspector=form.cleaned_data["inspector"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("projects:detail", pk=pk)
    return redirect("projects:visit", pk=visit.pk)


@login_required
def visit_page(request, pk):
    return _page(request, visit_detail(request.user, pk))


def _write(request, visit, key, form, run):
    """Run ``run(cleaned_data)`` when ``form`` is valid; else (or when a rule refuses) the page with 400."""
    try:
        if form.is_valid():
            run(form.cleaned_data)
            return redirect("projects:visit", pk=visit.pk)
        error = None
    except DomainError as refused:
        error = refused.message
    return _page(request, visit_detail(request.user, visit.pk), error=error, bound={key: form}, status=400)


@login_required
@require_POST
def visit_record(request, pk):
    visit = visit_detail(request.user, pk)
    _require(request.user, "projects.inspect_visit", visit)
    form = forms.ChecklistForm(request.POST, rows=checklist_rows(visit))
    return _write(request, visit, "checklist", form, lambda d: service.visit_record(
        visit=visit, answers=form.answers(), rating=d["rating"], summary=d["summary"], visited_on=d["visited_on"],
        actor=request.user))


@login_required
@require_POST
def finding_add(request, pk):
    visit = visit_detail(request.user, pk)
    _require(request.user, "projects.inspect_visit", visit)
    form = forms.FindingForm(request.POST, request.FILES)
    return _write(request, visit, "finding", form, lambda d: service.finding_add(
        visit=visit, text=d["text"], photo=d["photo"], actor=request.user))


@login_required
@require_POST
def action_add(request, pk):
    visit = visit_detail(request.user, pk)
    _require(request.user, "projects.inspect_visit", visit)
    form = forms.ActionForm(request.POST, findings=visit.findings.all())
    return _write(request, visit, "action", form, lambda d: service.action_add(
        visit=visit, text=d["text"], due_on=d["due_on"], finding=d["finding"], actor=request.user))


@login_required
@require_POST
def visit_complete(request, pk):
    visit = visit_detail(request.user, pk)
    _require(request.user, "projects.inspect_visit", visit)
    return _write(request, visit, "complete", forms.EmptyForm(request.POST),
                  lambda d: service.visit_complete(visit=visit, actor=request.user))


ACTION_STEPS = {
    "answer": ("projects.answer_visit", forms.AnswerForm,
               lambda a, d, u: service.action_answer(action=a, answer=d["answer"], actor=u)),
    "close": ("projects.curate_visit", forms.EmptyForm, lambda a, d, u: service.action_close(action=a, actor=u)),
    "reopen": ("projects.curate_visit", forms.ReasonForm,
               lambda a, d, u: service.action_reopen(action=a, reason=d["reason"], actor=u)),
}


@login_required
@require_POST
def corrective_action(request, pk, step):
    if step not in ACTION_STEPS:
        raise Http404
    action = get_object_or_404(actions_for_user(request.user), pk=pk)
    perm, form_class, run = ACTION_STEPS[step]
    _require(request.user, perm, action.visit)
    return _write(request, action.visit, step, form_class(request.POST),
                  lambda d: run(action, d, request.user))


@login_required
def finding_photo(request, pk):
    visit = get_object_or_404(visits_for_user(request.user), findings__pk=pk)
    finding = visit.findings.get(pk=pk)
    if not finding.photo:
        raise Http404
    handle = finding.photo.open("rb")
    kind = detect_kind(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=False, content_type=kind.content_type if kind else None,
                        filename=f"finding-{finding.pk}{kind.extensions[0] if kind else ''}")


def project_sections(user, project):
    """The Visits and Evaluation sections of the project page (``projects/visit_section.html``)."""
    may_manage = rules.has_perm("projects.manage_project", user, project)
    return {"visits": project_visits(project), "evaluation": project_evaluation(project),
            "plan_form": forms.PlanVisitForm(inspectors=inspector_choices(project)) if may_manage else None,
            "panel_form": forms.PanelForm(experts=active_experts()) if may_manage else None}
