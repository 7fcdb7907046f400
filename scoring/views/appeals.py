"""Appeals: the applicant files one from its results page; the official decides it with reasons."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from ..appeals import services
from ..appeals.selectors import appeals_of_competition, submitted_assignments_of
from ..enums import AppealStatus
from ..forms.appeals import AppealDecideForm, AppealFileForm
from .common import followed_competition, require
from .results import applicant_results_or_404, application_context

FIELD_OF_CODE = {"reasoning_required": "reasoning", "bad_decision": "decision"}


def _appeal_page(request, competition, appeal, assignments, *, form=None, error="", field=""):
    return render(request, "results/appeal.html", {
        "competition": competition, "appeal": appeal, "assignments": assignments,
        "can_decide": rules.has_perm("scoring.decide_appeal", request.user, appeal),
        "decisions": [(AppealStatus.UPHELD, AppealStatus.UPHELD.label),
                      (AppealStatus.DISMISSED, AppealStatus.DISMISSED.label)],
        "error": error, "field": field,
        "posted": {"decision": form["decision"].value(), "reasoning": form["reasoning"].value() or "",
                   "reopen": [str(v) for v in form["reopen"].value() or []]} if form is not None else {},
    }, status=400 if error else 200)


@login_required
def appeal_page(request, reference, pk):
    competition = followed_competition(request, reference)
    appeal = get_object_or_404(appeals_of_competition(competition), pk=pk)
    assignments = submitted_assignments_of(appeal.application)
    if request.method != "POST":
        return _appeal_page(request, competition, appeal, assignments)
    require(request, "scoring.decide_appeal", appeal)
    form = AppealDecideForm(request.POST, assignments=assignments)
    if not form.is_valid():
        field, error = form.first_error()
        return _appeal_page(request, competition, appeal, assignments, form=form, error=error,
                            field=field if field != "reopen" else "")
    data = form.cleaned_data
    try:
        services.appeal_decide(appeal=appeal, decision=data["decision"], reasoning=data["reasoning"],
                               actor=request.user, reopen_assignment_ids=data["reopen"])
    except DomainError as error:
        return _appeal_page(request, competition, appeal, assignments, form=form, error=error.message,
                            field=FIELD_OF_CODE.get(error.code, ""))
    messages.success(request, _("The decision is recorded and the applicant notified."))
    return redirect("results:ranking", reference=reference)


@login_required
@require_POST
def appeal_file_view(request, pk):
    application = applicant_results_or_404(request, pk)
    require(request, "scoring.file_appeal", application)
    form = AppealFileForm(request.POST)
    error = "" if form.is_valid() else form.errors["reason"][0]
    if not error:
        try:
            services.appeal_file(application=application, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as refused:
            error = refused.message
    if error:
        context = application_context(request, application)
        context.update(appeal_error=error, reason=form["reason"].value() or "")
        return render(request, "results/application.html", context, status=400)
    messages.success(request, _("Your appeal is filed. The official will decide and you will be notified."))
    return redirect("results:application", pk=application.pk)
