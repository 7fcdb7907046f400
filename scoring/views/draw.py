"""The observed draw: the official commits to a seed and runs the draw (review pages); the public page shows
the committed hashes, then the seed and the pairs, and explains how anyone re-runs it."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competitions.selectors import competitions_for_user
from portal.canonical import canonical_json
from portal.errors import DomainError

from ..assignment.draw import draw_commit, draw_public_file, draw_run
from ..assignment.selectors import draw_numbered, draws_of
from ..forms.commission import DrawCommitForm
from .commission import add_problems
from .common import followed_competition, require


def _manage_page(request, competition, *, status=200, form=None, error=""):
    return render(request, "commission/draw_manage.html", {
        "competition": competition, "draws": list(draws_of(competition)), "form": form or DrawCommitForm(),
        "error": error, "can_run": rules.has_perm("scoring.run_draw", request.user, competition),
    }, status=status)


@login_required
@require_GET
def draw_manage(request, reference):
    return _manage_page(request, followed_competition(request, reference))


@login_required
@require_POST
def draw_commit_view(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.run_draw", competition)
    form = DrawCommitForm(request.POST)
    if form.is_valid():
        try:
            draw_commit(competition=competition, actor=request.user, seed=form.cleaned_data["seed"],
                        weigh_performance=form.cleaned_data["weigh_performance"])
        except DomainError as error:
            add_problems(form, error)
    if form.errors:
        return _manage_page(request, competition, status=400, form=form)
    messages.success(request, _("The seed is committed: its SHA-256 is public. Run the draw when observers are ready."))
    return redirect("scoring:draw_manage", reference=reference)


@login_required
@require_POST
def draw_run_view(request, reference, pk):
    competition = followed_competition(request, reference)
    require(request, "scoring.run_draw", competition)
    draw = get_object_or_404(draw_numbered(competition, pk))
    try:
        draw = draw_run(draw=draw, actor=request.user)
    except DomainError as error:
        return _manage_page(request, competition, status=400, error=error.message)
    messages.success(request, _("The draw is done and its seed revealed. Confirm the proposed assignment."))
    return redirect("scoring:review_proposal", reference=reference, pk=draw.proposal_id)


@require_GET
def draw_public(request, reference):
    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    return render(request, "commission/draw_public.html", {
        "competition": competition, "draws": list(draws_of(competition)),
    })


@require_GET
def draw_json(request, reference, pk):
    competition = get_object_or_404(competitions_for_user(request.user), reference=reference)
    draw = get_object_or_404(draw_numbered(competition, pk))
    body = canonical_json(draw_public_file(draw))
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{competition.reference}-draw-{draw.pk}.json"'
    return response

