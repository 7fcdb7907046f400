"""The expert's side: dashboard, conflict declaration, the scoring page with autosave, submission."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError, StaleVersionError
from portal.uploads import download_response

from ..assignment.selectors import assignments_for_expert, readable_assignments_for_expert
from ..assignment.services import conflict_declare
from ..calc.totals import maximum_total
from ..enums import EXPERT_CAN_SCORE, AssignmentStatus
from ..errors import ProblemsError
from ..evaluation import services
from ..evaluation.sections import application_sections, expert_documents
from ..evaluation.selectors import co_expert_evaluations, evaluation_of, expert_dashboard
from ..forms.assignment import DeclarationForm
from ..forms.evaluation import ScoringForm
from ..rubrics.selectors import rubric_of_competition
from .common import require


@login_required
def review_dashboard(request):
    require(request, "scoring.review_anything")
    return render(request, "review/dashboard.html", expert_dashboard(request.user))


@login_required
def declare(request, pk):
    assignment = get_object_or_404(assignments_for_expert(request.user), pk=pk)
    if assignment.status != AssignmentStatus.OFFERED:
        if assignment.status == AssignmentStatus.RECUSED:
            messages.info(request, _("You declared a conflict of interest for this application."))
            return redirect("scoring:review_dashboard")
        return redirect("scoring:score", pk=assignment.pk)
    status = 200
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                conflict_declare(assignment=assignment, actor=request.user, has_conflict=data["has_conflict"],
                                 conflict_type=data["conflict_type"] if data["has_conflict"] else "",
                                 note=data["note"])
            except ProblemsError as error:
                for key, message in error.problems:
                    form.add_error(key if key in form.fields else None, message)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("scoring:review_dashboard")
            else:
                if data["has_conflict"]:
                    messages.success(request, _("Thank you. You are recused from this application."))
                    return redirect("scoring:review_dashboard")
                messages.success(request, _("Thank you. The application is now open for scoring."))
                return redirect("scoring:score", pk=assignment.pk)
        status = 400
    else:
        form = DeclarationForm()
    return render(request, "review/declare.html", {"assignment": assignment, "form": form,
                                                   "application": assignment.application,
                                                   "competition": assignment.application.competition}, status=status)


def _scoring_context(assignment, form, evaluation):
    application = assignment.application
    competition = application.competition
    return {
        "assignment": assignment, "application": application, "competition": competition,
        "rubric": rubric_of_competition(competition.pk), "form": form, "rows": form.rows(),
        "maximum": maximum_total(form.criteria),
        "sections": application_sections(application, blind=competition.blind_review),
        "read_only": assignment.status not in EXPERT_CAN_SCORE,
        "evaluation": evaluation if evaluation.pk else None, "co_experts": list(co_expert_evaluations(assignment)),
        "co_blind": competition.blind_review,
    }


def _criteria(assignment):
    rubric = rubric_of_competition(assignment.application.competition_id)
    if rubric is None:
        raise Http404
    return list(rubric.criteria.all())


def _save(request, assignment, form):
    """Save the draft (and submit it when asked); the status of the page to show again, or None when done."""
    data = form.cleaned_data
    try:
        services.evaluation_save_draft(assignment=assignment, actor=request.user, scores=data["scores"],
                                       comment=data["comment"], version=data["version"])
        if "submit" in request.POST:
            services.evaluation_submit(assignment=assignment, actor=request.user)
            messages.success(request, _("Your evaluation is submitted. Thank you."))
            return None
    except StaleVersionError as error:
        form.add_error(None, error.message)
        return 409
    except ProblemsError as error:
        form.add_error(None, error.message)
        form.add_problems(error.problems)
        status = 400
    except DomainError as error:
        form.add_error(None, error.message)
        status = getattr(error, "status_code", 400)
    else:
        messages.success(request, _("Your draft is saved."))
        return None
    if status == 400 and "submit" in request.POST:
        # The draft was saved before the check: the next save must carry the new version.
        form.data = form.data.copy()
        form.data["version"] = evaluation_of(assignment).version
    return status


@login_required
def score(request, pk):
    """The scoring page. Reading it writes nothing: the evaluation is created by the first save."""
    assignment = get_object_or_404(readable_assignments_for_expert(request.user), pk=pk)
    criteria = _criteria(assignment)
    if request.method == "POST":
        require(request, "scoring.score", assignment)
        form = ScoringForm(request.POST, criteria=criteria)
        status = _save(request, assignment, form) if form.is_valid() else 400
        if status is None:
            return redirect("scoring:score", pk=assignment.pk)
        assignment.refresh_from_db()
    else:
        status = 200
        form = ScoringForm(initial=ScoringForm.initial_for(evaluation_of(assignment)), criteria=criteria)
    return render(request, "review/score.html", _scoring_context(assignment, form, evaluation_of(assignment)),
                  status=status)


@login_required
@require_POST
def autosave(request, pk):
    """JSON autosave of the draft (version-checked); the page works without it."""
    assignment = get_object_or_404(readable_assignments_for_expert(request.user), pk=pk)
    if not rules.has_perm("scoring.score", request.user, assignment):
        return JsonResponse({"ok": False, "error": _("This evaluation can no longer be changed.")}, status=403)
    form = ScoringForm(request.POST, criteria=_criteria(assignment))
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": {k: [str(e) for e in v] for k, v in form.errors.items()}},
                            status=400)
    try:
        evaluation = services.evaluation_save_draft(assignment=assignment, actor=request.user,
                                                    scores=form.cleaned_data["scores"],
                                                    comment=form.cleaned_data["comment"],
                                                    version=form.cleaned_data["version"])
    except StaleVersionError as error:
        return JsonResponse({"ok": False, "error": str(error.message), "stale": True}, status=409)
    except ProblemsError as error:
        return JsonResponse({"ok": False, "errors": {k: [str(m)] for k, m in error.problems}}, status=400)
    except DomainError as error:
        return JsonResponse({"ok": False, "error": str(error.message)}, status=400)
    return JsonResponse({"ok": True, "version": evaluation.version, "total": format(evaluation.total.normalize(), "f"),
                         "saved_at": evaluation.updated_at.isoformat()})


@login_required
def document(request, pk, attachment_pk):
    """An attached document for the assigned expert, from the scoring page: in blind review never an identifying
    type (404) and under a neutral name."""
    assignment = get_object_or_404(readable_assignments_for_expert(request.user), pk=pk)
    application = assignment.application
    found = [d for d in expert_documents(application, blind=application.competition.blind_review)
             if d.attachment.pk == attachment_pk]
    if not found:
        raise Http404
    response = download_response(found[0].attachment.file, filename=found[0].name,
                                 content_type=found[0].attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
