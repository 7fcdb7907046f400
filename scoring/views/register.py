"""The open expert register: applying (anyone signed in), vetting and renewal (officials), calibration
(experts), fees and acts of completed work (officials; the expert downloads their own acts)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.errors import DomainError

from ..experts import fees, register
from ..experts.selectors import (
    calibration_exercises,
    expert_applications_for_user,
    expert_profile_of,
    my_expert_applications,
)
from ..forms.register import CalibrationForm, ExpertApplyForm, FeeForm, RenewForm, VetForm
from .commission import add_problems
from .common import followed_competition, require


@login_required
@require_http_methods(["GET", "POST"])
def expert_apply(request):
    posted = request.method == "POST"
    form = ExpertApplyForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register.expert_application_submit(
                applicant=request.user, full_name=data["full_name"], cv=data["cv"],
                qualifications=data["qualifications"], priority_areas=list(data["priority_areas"]),
                regions=list(data["regions"]), languages=data["languages"],
                nomination_source=data["nomination_source"], nominating_bin=data["nominating_bin"],
                accepted_code=data["accept_code"])
        except DomainError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Your application is submitted; an official will vet it."))
            return redirect("scoring:expert_apply")
    return render(request, "experts/apply.html", {
        "form": form, "applications": my_expert_applications(request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def expert_applications(request):
    require(request, "scoring.manage_experts")
    return render(request, "experts/applications.html",
                  {"applications": expert_applications_for_user(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def expert_application_detail(request, pk):
    require(request, "scoring.manage_experts")
    application = get_object_or_404(expert_applications_for_user(request.user), pk=pk)
    form = VetForm(request.POST if request.method == "POST" else None)
    renew = RenewForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register.expert_application_decide(application=application, approve=data["decision"] == "approve",
                                               reason=data["reason"], valid_until=data["valid_until"],
                                               actor=request.user)
        except DomainError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The decision is recorded and the applicant notified."))
            return redirect("scoring:expert_application", pk=pk)
    return render(request, "experts/application.html", {"application": application, "form": form, "renew": renew},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def expert_application_renew(request, pk):
    require(request, "scoring.manage_experts")
    application = get_object_or_404(expert_applications_for_user(request.user), pk=pk)
    renew = RenewForm(request.POST)
    if renew.is_valid():
        try:
            register.expert_inclusion_renew(application=application, actor=request.user, **renew.cleaned_data)
        except DomainError as error:
            add_problems(renew, error)
    if renew.errors:
        return render(request, "experts/application.html",
                      {"application": application, "form": VetForm(), "renew": renew}, status=400)
    messages.success(request, _("The inclusion is renewed."))
    return redirect("scoring:expert_application", pk=pk)


@login_required
@require_GET
def expert_application_cv(request, pk):
    require(request, "scoring.manage_experts")
    application = get_object_or_404(expert_applications_for_user(request.user), pk=pk)
    return FileResponse(application.cv.open("rb"), as_attachment=True, filename=application.cv_name or "cv")


@login_required
@require_http_methods(["GET", "POST"])
def calibration(request, pk=None):
    profile = expert_profile_of(request.user)
    if profile is None or not profile.is_active:
        raise Http404
    exercises = list(calibration_exercises())
    exercise = get_object_or_404(calibration_exercises(), pk=pk) if pk else (exercises[0] if exercises else None)
    criteria = list(exercise.rubric.criteria.order_by("order")) if exercise else []
    form = CalibrationForm(request.POST if request.method == "POST" else None, criteria=criteria)
    attempt = None
    if request.method == "POST" and exercise and form.is_valid():
        try:
            attempt = register.calibration_submit(exercise=exercise, expert=profile, scores=form.scores())
        except DomainError as error:
            add_problems(form, error)
    rows = [(c, exercise.reference_scores.get(str(c.order)), attempt.scores.get(str(c.order)),
             attempt.deviations.get(str(c.order))) for c in criteria] if attempt else []
    return render(request, "experts/calibration.html", {
        "exercises": exercises, "exercise": exercise, "form": form, "attempt": attempt, "rows": rows,
    }, status=400 if form.errors else 200)


def _fees_action(request, competition):
    """The buttons of the fees page: issue the acts, mark one paid. A refusal is shown as a message."""
    try:
        if "issue" in request.POST:
            fees.completion_acts_issue(competition=competition, actor=request.user)
            messages.success(request, _("The acts of completed work are issued."))
        else:
            act = get_object_or_404(competition.completion_acts.all(), pk=request.POST.get("paid"))
            fees.completion_act_mark_paid(act=act, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def competition_fees(request, reference):
    competition = followed_competition(request, reference)
    current = getattr(getattr(competition, "expert_fee", None), "amount_per_evaluation", None)
    form = FeeForm(initial={"amount_per_evaluation": current})
    if request.method == "POST":
        require(request, "competitions.manage_competition", competition)
        if "issue" in request.POST or "paid" in request.POST:
            _fees_action(request, competition)
            return redirect("scoring:competition_fees", reference=reference)
        form = FeeForm(request.POST)
        if form.is_valid():
            fees.expert_fee_set(competition=competition, amount=form.cleaned_data["amount_per_evaluation"],
                                actor=request.user)
            return redirect("scoring:competition_fees", reference=reference)
    acts = list(competition.completion_acts.select_related("expert__user").order_by("expert__user__full_name"))
    names = {act.expert_id: act.expert for act in acts}
    totals = [{**row, "expert": names[row["expert_id"]]} for row in fees.totals_by_expert_and_year(names)]
    return render(request, "experts/fees.html", {
        "competition": competition, "form": form, "acts": acts, "totals": totals,
        "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition),
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def act_download(request, pk, language):
    """An act of completed work: the expert's own, or any act of a competition the official follows."""
    act = get_object_or_404(fees.acts_for_user(request.user), pk=pk)
    file = {"kk-ru": act.file, "kk": act.file_kk, "ru": act.file_ru}.get(language)  # kk, ru: acts issued before
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True,
                        filename=f"{act.competition.reference}-act-{language}.pdf", content_type="application/pdf")
