"""The results evaluation pages: the official forms the panel, adds an evaluator and publishes (from the project
page and the evaluation page); each evaluator declares a conflict of interest and scores on their seat's page
(the scoring pages' pattern: declaration first, then points and a verdict per criterion, save, submit)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from . import forms_monitoring as forms
from .selectors import projects_for_user
from .selectors_monitoring import active_experts, evaluation_detail, evaluations_for_user, seat_detail
from .services import evaluation as service


def _require(user, perm, obj):
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _form_error(form):
    return " ".join(f"{form[k].label if k in form.fields else ''}: {' '.join(v)}" for k, v in form.errors.items())


@login_required
@require_POST
def evaluation_panel(request, pk):
    project = get_object_or_404(projects_for_user(request.user), pk=pk)
    _require(request.user, "projects.manage_project", project)
    form = forms.PanelForm(request.POST, experts=active_experts())
    try:
        if not form.is_valid():
            raise DomainError(_form_error(form))
        evaluation = service.evaluation_form_panel(project=project, experts=form.cleaned_data["experts"],
                                                   actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("projects:detail", pk=pk)
    return redirect("projects:evaluation", pk=evaluation.pk)


@login_required
def evaluation_page(request, pk):
    evaluation = evaluation_detail(evaluations_for_user(request.user), pk)
    may_manage = rules.has_perm("projects.manage_project", request.user, evaluation.project)
    if not may_manage and not rules.has_perm("projects.view_project", request.user, evaluation.project):
        seat = next((s for s in evaluation.evaluators.all() if s.expert.user_id == request.user.pk), None)
        return redirect("projects:evaluation_seat", pk=seat.pk)
    return render(request, "projects/evaluation_detail.html", {
        "evaluation": evaluation, "may_manage": may_manage, "criteria": list(evaluation.rubric.criteria.all()),
        "add_form": forms.AddEvaluatorForm(experts=active_experts()), "publish_form": forms.PublishForm()})


STEPS = {
    "add": lambda e, request: service.evaluation_add_evaluator(
        evaluation=e, expert=_valid(forms.AddEvaluatorForm(request.POST, experts=active_experts()))["expert"],
        actor=request.user),
    "publish": lambda e, request: service.evaluation_publish(
        evaluation=e, conclusion=_valid(forms.PublishForm(request.POST))["conclusion"], actor=request.user),
}


def _valid(form):
    if not form.is_valid():
        raise DomainError(_form_error(form))
    return form.cleaned_data


@login_required
@require_POST
def evaluation_step(request, pk, step):
    evaluation = evaluation_detail(evaluations_for_user(request.user), pk)
    _require(request.user, "projects.manage_project", evaluation.project)
    if step not in STEPS:
        return redirect("projects:evaluation", pk=pk)
    try:
        STEPS[step](evaluation, request)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:evaluation", pk=pk)


def _seat_page(request, seat, *, declare_form=None, score_form=None, problems=(), status=200):
    criteria = list(seat.evaluation.rubric.criteria.all())
    context = {"seat": seat, "evaluation": seat.evaluation, "project": seat.evaluation.project,
               "declare_form": declare_form or forms.DeclareForm(), "problems": problems,
               "score_form": score_form or forms.AssessmentForm(criteria=criteria,
                                                                scores={s.criterion_id: s for s in seat.scores.all()})}
    return render(request, "projects/evaluation_seat.html", context, status=status)


@login_required
def evaluation_seat(request, pk):
    seat = seat_detail(request.user, pk)
    _require(request.user, "projects.evaluate_project", seat)
    if request.method != "POST":
        return _seat_page(request, seat)
    declaring = "declare" in request.POST
    criteria = list(seat.evaluation.rubric.criteria.all())
    form = forms.DeclareForm(request.POST) if declaring else forms.AssessmentForm(request.POST, criteria=criteria,
                                                                                 scores={})
    try:
        data = _valid(form)
        if declaring:
            service.evaluator_declare(evaluator=seat, has_conflict=data["has_conflict"], note=data["note"],
                                      actor=request.user)
        else:
            service.evaluator_save(evaluator=seat, scores=service.parse_scores(criteria, form.raw_scores()),
                                   actor=request.user)
            if "submit" in request.POST:
                service.evaluator_submit(evaluator=seat, actor=request.user)
    except DomainError as error:
        problems = [message for _field, message in getattr(error, "problems", [])] or [error.message]
        key = "declare_form" if declaring else "score_form"
        return _seat_page(request, seat_detail(request.user, pk), problems=problems, status=400, **{key: form})
    return redirect("projects:evaluation_seat", pk=pk)
