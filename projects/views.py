"""The project pages: the list of one's projects, the project page (the organisation's cabinet and the
official's page with actions, one template), the agreement's PDFs, and the public project pages.

Thin: a selector finds the project (404 for anyone who may not see it), a rule of ``rules.py`` decides whether
the user may act (403), the form parses, the one service of ``actions.py`` writes; a refused action re-renders
the page with status 400 and the message beside the form."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from .actions import PROJECT_ACTIONS, TRANCHE_ACTIONS, offered_actions, perform
from .models import AgreementVersion, Tranche
from .selectors import money_summary, project_detail, projects_for_user, public_projects
from .selectors_reports import accepted_reports
from .views_monitoring import project_sections


def _render_detail(request, project, *, failed=None, form=None, status=200):
    tranches = list(project.tranches.all())
    context = {
        "project": project, "money": money_summary(project), "tranches": tranches,
        "agreement": getattr(project, "agreement", None),
        "actions": {name: (action, form if name == failed else action.form())
                    for name, action in offered_actions(request.user, PROJECT_ACTIONS, project, project).items()},
        "tranche_rows": [(t, list(offered_actions(request.user, TRANCHE_ACTIONS, t, project).items()))
                         for t in tranches],
        "may_manage": rules.has_perm("projects.manage_project", request.user, project),
        "failed": failed, **project_sections(request.user, project),
    }
    return render(request, "projects/detail.html", context, status=status)


@login_required
def project_list(request):
    page = Paginator(projects_for_user(request.user).order_by("-created_at", "-id"), 25).get_page(
        request.GET.get("page"))
    return render(request, "projects/list.html", {"page": page, "projects": page.object_list})


@login_required
def project_page(request, pk):
    return _render_detail(request, project_detail(projects_for_user(request.user), pk))


def _perform(request, action, obj, project):
    """None when the action ran, else the form with its errors (a refused rule as a non-field error)."""
    try:
        form = perform(action, user=request.user, obj=obj, project=project, data=request.POST)
    except DomainError as error:
        form = action.form(request.POST)
        form.is_valid()
        form.add_error(None, error.message)
        return form
    if form.errors:
        return form
    messages.success(request, action.label)
    return None


@login_required
@require_POST
def project_action(request, pk, action):
    if action not in PROJECT_ACTIONS:
        raise Http404
    project = project_detail(projects_for_user(request.user), pk)
    form = _perform(request, PROJECT_ACTIONS[action], project, project)
    if form is None:
        return redirect("projects:detail", pk=pk)
    return _render_detail(request, project, failed=action, form=form, status=400)


@login_required
@require_POST
def tranche_action(request, pk, action):
    if action not in TRANCHE_ACTIONS:
        raise Http404
    tranche = get_object_or_404(Tranche.objects.filter(project__in=projects_for_user(request.user)), pk=pk)
    form = _perform(request, TRANCHE_ACTIONS[action], tranche, tranche.project)
    if form is None:
        return redirect("projects:detail", pk=tranche.project_id)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return _render_detail(request, project_detail(projects_for_user(request.user), tranche.project_id), status=400)


@login_required
def agreement_pdf(request, pk, language):
    version = get_object_or_404(AgreementVersion.objects.filter(
        agreement__project__in=projects_for_user(request.user)), pk=pk)
    field = {"kk-ru": version.pdf, "kk": version.pdf_kk, "ru": version.pdf_ru}.get(language)  # kk, ru: before
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), content_type="application/pdf", as_attachment=False,
                        filename=f"{version.agreement.number.replace('/', '-')}-v{version.number}-{language}.pdf")


def public_list(request):
    page = Paginator(public_projects().order_by("-created_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "projects/public_list.html", {"page": page, "projects": page.object_list})


def public_page(request, pk):
    project = project_detail(public_projects(), pk)
    return render(request, "projects/public_detail.html", {"project": project, "money": money_summary(project),
                                                           "reports": accepted_reports(project)})
