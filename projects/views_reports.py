"""The progress report page (the organisation writes, saves and submits; the curator returns or accepts), its
evidence, and the project's message thread. Thin: a selector finds the object (404 for anyone who may not see
it), a rule decides (403), a form parses, one service writes; refused input re-renders with status 400 and the
message beside the field."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.errors import UploadRefused
from portal.errors import DomainError
from portal.uploads import download_response

from . import services
from .actions import REPORT_ACTIONS, offered_actions, perform
from .forms_reports import EvidenceForm, MessageForm, ReportEditForm
from .selectors import project_detail, projects_for_user
from .selectors_reports import (
    evidence_for_user,
    message_for_user,
    messages_of,
    public_evidence,
    report_for_user,
)
from .services.reports import EDITABLE, report_budget_lines, submission_problems

ACT, MANAGE = "projects.act_for_project", "projects.manage_project"


def _report_form(report, data=None):
    project = report.period.project
    return ReportEditForm(data, report=report, activities=list(project.activities.all()),
                          indicators=list(project.indicators.all()), lines=report_budget_lines(report))


def _render_report(request, report, *, form=None, evidence_form=None, decision_form=None, status=200):
    project = report.period.project
    may_edit = report.status in EDITABLE and rules.has_perm(ACT, request.user, project)
    form = form or (_report_form(report) if may_edit else None)
    return render(request, "projects/report_detail.html", {
        "report": report, "project": project, "period": report.period, "form": form, "may_edit": may_edit,
        "evidence_form": evidence_form or EvidenceForm(), "decision_form": decision_form,
        "decisions": {name: a for name, a in offered_actions(request.user, REPORT_ACTIONS, report, project).items()
                      if name in ("return", "accept")},
        "pending": submission_problems(report) if may_edit else {}}, status=status)


@login_required
def report_page(request, pk):
    report = report_for_user(request.user, pk)
    if request.method != "POST":
        return _render_report(request, report)
    if not rules.has_perm(ACT, request.user, report.period.project):
        raise PermissionDenied
    form = _report_form(report, request.POST)
    if not form.is_valid():
        return _render_report(request, report, form=form, status=400)
    try:
        services.report_save(report=report, actor=request.user, **form.service_kwargs())
        if "submit" in request.POST:
            services.report_submit(report=report, actor=request.user)
    except DomainError as error:
        form.add_problems(getattr(error, "by_field", None) or {"__all__": error.message})
        return _render_report(request, report_for_user(request.user, pk), form=form, status=400)
    messages.success(request, _("The report was submitted.") if "submit" in request.POST else _("Draft saved."))
    return redirect("projects:report", pk=pk)


@login_required
@require_POST
def report_decide(request, pk, action):
    report = report_for_user(request.user, pk)
    if action not in ("return", "accept"):
        raise Http404
    try:
        form = perform(REPORT_ACTIONS[action], user=request.user, obj=report, project=report.period.project,
                       data=request.POST)
    except DomainError as error:
        form = REPORT_ACTIONS[action].form(request.POST)
        form.is_valid()
        form.add_error(None, error.message)
    if form.errors:
        return _render_report(request, report, decision_form=form, status=400)
    messages.success(request, REPORT_ACTIONS[action].label)
    return redirect("projects:report", pk=pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    report = report_for_user(request.user, pk)
    if not rules.has_perm(ACT, request.user, report.period.project):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(report=report, actor=request.user, upload=form.cleaned_data["file"],
                                  kind=form.cleaned_data["kind"], is_public=form.cleaned_data["is_public"])
            return redirect("projects:report", pk=pk)
        except DomainError as error:
            form.add_error("file", error.message)
    return _render_report(request, report, evidence_form=form, status=400)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = evidence_for_user(request.user, pk)
    if not rules.has_perm(ACT, request.user, evidence.report.period.project):
        raise PermissionDenied
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:report", pk=evidence.report_id)


@login_required
def evidence_file(request, pk):
    evidence = evidence_for_user(request.user, pk)
    return download_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


def public_evidence_file(request, pk):
    evidence = public_evidence(pk)
    return download_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


@login_required
def message_thread(request, pk):
    project = project_detail(projects_for_user(request.user), pk)
    if not rules.has_perm("projects.read_messages", request.user, project):
        raise PermissionDenied
    may_post = rules.has_perm("projects.post_message", request.user, project)
    form, status = MessageForm(), 200
    if request.method == "POST":
        if not may_post:
            raise PermissionDenied
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.message_post(project=project, actor=request.user, body=form.cleaned_data["body"],
                                      attachment=form.cleaned_data["attachment"])
                return redirect("projects:messages", pk=pk)
            except UploadRefused as error:
                form.add_error("attachment", error.message)
            except DomainError as error:
                form.add_error("body", error.message)
        status = 400
    return render(request, "projects/report_messages.html", {
        "project": project, "thread": messages_of(project), "form": form, "may_post": may_post}, status=status)


@login_required
def message_file(request, pk):
    message = message_for_user(request.user, pk)
    if not rules.has_perm("projects.read_messages", request.user, message.project):
        raise PermissionDenied
    if not message.attachment:
        raise Http404
    return download_response(message.attachment, filename=message.attachment_name,
                             content_type=message.attachment_type or "application/octet-stream")

