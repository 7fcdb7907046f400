"""The revised budget page (``/projects/<pk>/budget/``): the organisation sets the amount of each budget line so
that they add up to the funded amount; the official reads it beside the project page's accept / return actions.
Thin: the selector finds the project (404), ``rules`` decides who may submit (403), the service checks the rest
and its problems show beside the table (400)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.errors import DomainError

from .enums import RevisionStatus
from .selectors import project_detail, projects_for_user
from .services import revision_submit


def _rows(project):
    """The lines to edit: those of a returned revision, else the project's present budget lines."""
    latest = next(iter(project.revised_budgets.all()), None)
    if latest is not None and latest.status == RevisionStatus.RETURNED and latest.amount == project.amount:
        return latest, [dict(line) for line in latest.lines]
    return latest, [{"category": line.category, "description": line.description, "year": line.year,
                     "amount": line.amount} for line in project.budget_lines.all()]


@login_required
def revised_budget(request, pk):
    project = project_detail(projects_for_user(request.user), pk)
    latest, rows = _rows(project)
    may_submit = rules.has_perm("projects.act_for_project", request.user, project)
    errors, status = [], 200
    if request.method == "POST":
        if not may_submit:
            raise PermissionDenied
        for index, row in enumerate(rows):
            row["amount"] = request.POST.get(f"amount-{index}", "").strip() or "0"
        try:
            revision_submit(project=project, lines=rows, actor=request.user)
        except DomainError as error:  # the problems beside the table, or the state's refusal (409)
            errors, status = getattr(error, "problems", None) or [("", error.message)], error.status_code
        else:
            messages.success(request, _("The revised budget is submitted for review."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/revised_budget.html", {
        "project": project, "rows": rows, "latest": latest, "errors": errors, "may_submit": may_submit,
    }, status=status)
