"""The rubric builder: templates (administrators) and body rubrics (officials); a competition's rubric choice."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions.selectors import bodies_acted_for, competitions_managed_by
from portal.accounts.selectors import roles_for_user
from portal.errors import DomainError

from ..calc.totals import maximum_total
from ..errors import ProblemsError
from ..forms.rubrics import CompetitionRubricForm, CriterionForm, CriterionFormSet, RubricForm
from ..rubrics import services
from ..rubrics.selectors import rubric_choices_for_competition, rubric_of_competition, rubrics_for_user
from .common import require


@login_required
def rubric_list(request):
    require(request, "scoring.add_rubric")
    rubrics = list(rubrics_for_user(request.user).order_by("-is_template", "name", "-version"))
    return render(request, "scoring/rubric_list.html", {
        "templates": [r for r in rubrics if r.is_template],
        "own": [r for r in rubrics if not r.is_template and r.competition_id is None],
        "copies": [r for r in rubrics if r.competition_id is not None],
        "can_add_template": rules.has_perm("scoring.add_rubric_template", request.user),
    })


def _as_template(request):
    """A new rubric is a template when an administrator asks for one (``?template=1``), or acts for no body."""
    if not rules.has_perm("scoring.add_rubric_template", request.user):
        return False
    return request.GET.get("template") == "1" or not roles_for_user(request.user).is_official


def _builder(request, *, rubric=None):
    creating = rubric is None
    as_template = creating and _as_template(request)
    bodies = bodies_acted_for(request.user) if creating and not as_template else None
    if rubric is not None:
        initial = {"name": rubric.name, "description": rubric.description,
                   "suggested_pass_threshold": rubric.suggested_pass_threshold}
        criteria_initial = [CriterionForm.initial_for(c) | {"ORDER": c.order} for c in rubric.criteria.all()]
    else:
        initial, criteria_initial = {}, []
    status = 200
    if request.method == "POST":
        form = RubricForm(request.POST, bodies=bodies)
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                if creating:
                    rubric = services.rubric_create(
                        name=data["name"], description=data["description"], actor=request.user,
                        suggested_pass_threshold=data["suggested_pass_threshold"], criteria=formset.ordered_rows(),
                        is_template=as_template, body=None if as_template else data["body"])
                else:
                    services.rubric_update(rubric=rubric, name=data["name"], description=data["description"],
                                           suggested_pass_threshold=data["suggested_pass_threshold"],
                                           criteria=formset.ordered_rows(), actor=request.user)
            except ProblemsError as error:
                for _key, message in error.problems:
                    form.add_error(None, message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The rubric is saved."))
                return redirect("scoring:rubric_detail", pk=rubric.pk)
        status = 400
    else:
        form = RubricForm(initial=initial, bodies=bodies)
        formset = CriterionFormSet(initial=criteria_initial, prefix="criteria")
    return render(request, "scoring/rubric_form.html", {
        "form": form, "formset": formset, "rubric": rubric, "as_template": as_template,
        "has_errors": bool(form.errors or formset.total_error_count()),
    }, status=status)


@login_required
def rubric_create(request):
    require(request, "scoring.add_rubric")
    return _builder(request)


@login_required
def rubric_detail(request, pk):
    rubric = get_object_or_404(rubrics_for_user(request.user), pk=pk)
    criteria = list(rubric.criteria.all())
    return render(request, "scoring/rubric_detail.html", {
        "rubric": rubric, "criteria": criteria, "maximum": maximum_total(criteria),
        "can_edit": rules.has_perm("scoring.change_rubric", request.user, rubric),
    })


@login_required
def rubric_edit(request, pk):
    rubric = get_object_or_404(rubrics_for_user(request.user), pk=pk)
    require(request, "scoring.change_rubric", rubric)
    if rubric.is_locked:
        messages.info(request, _("This rubric is locked because a published competition uses it. "
                                 "Make a new version to change it."))
        return redirect("scoring:rubric_detail", pk=rubric.pk)
    return _builder(request, rubric=rubric)


@login_required
@require_POST
def rubric_new_version(request, pk):
    rubric = get_object_or_404(rubrics_for_user(request.user), pk=pk)
    require(request, "scoring.change_rubric", rubric)
    copy = services.rubric_new_version(rubric=rubric, actor=request.user)
    messages.success(request, _("Version %(version)s is ready to edit.") % {"version": copy.version})
    return redirect("scoring:rubric_edit", pk=copy.pk)


@login_required
def competition_rubric(request, reference):
    competition = get_object_or_404(competitions_managed_by(request.user), reference=reference)
    current = rubric_of_competition(competition.pk)
    choices = rubric_choices_for_competition(competition)
    status = 200
    if request.method == "POST":
        form = CompetitionRubricForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                copy = services.competition_rubric_choose(competition=competition, source=form.cleaned_data["source"],
                                                          actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
                status = getattr(error, "status_code", 400)
            else:
                messages.success(request, _("The rubric “%(name)s” is now the competition's rubric.")
                                 % {"name": copy.name})
                return redirect("scoring:competition_rubric", reference=competition.reference)
        else:
            status = 400
    else:
        form = CompetitionRubricForm(choices=choices, initial={"source": current.copied_from_id if current else None})
    criteria = list(current.criteria.all()) if current else []
    return render(request, "scoring/competition_rubric.html", {
        "competition": competition, "current": current, "criteria": criteria, "form": form,
        "maximum": maximum_total(criteria), "editable": competition.status == "draft",
    }, status=status)
