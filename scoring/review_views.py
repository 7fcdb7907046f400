"""The expert's side: dashboard, conflict declaration, the scoring page with autosave, submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError, StaleVersionError

from . import services
from .enums import AssignmentStatus
from .forms import DeclarationForm, ScoringForm
from .models import Evaluation, Rubric
from .selectors import assignments_for_expert, co_expert_evaluations, readable_assignments_for_expert
from .snapshot import application_sections
from .totals import maximum_total


def dashboard_context(user):
    assignments = list(assignments_for_expert(user))
    return {
        "assignments": assignments,
        "to_declare": sum(1 for a in assignments if a.status == AssignmentStatus.OFFERED),
        "to_score": sum(1 for a in assignments if a.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.REOPENED)),
        "today": timezone.localdate(),
    }


@login_required
def review_dashboard(request):
    if not request.user.has_perm("scoring.review_anything"):
        raise PermissionDenied
    return render(request, "review/dashboard.html", dashboard_context(request.user))


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
                services.conflict_declare(assignment=assignment, actor=request.user, has_conflict=data["has_conflict"],
                                          conflict_type=data["conflict_type"] if data["has_conflict"] else "",
                                          note=data["note"])
            except services.ProblemsError as error:
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


def _scoring_context(assignment, form):
    application = assignment.application
    competition = application.competition
    rubric = Rubric.objects.filter(competition=competition).first()
    criteria = form.criteria
    co_experts = list(co_expert_evaluations(assignment))
    return {
        "assignment": assignment, "application": application, "competition": competition, "rubric": rubric,
        "form": form, "rows": form.rows(), "maximum": maximum_total(criteria),
        "sections": application_sections(application, blind=competition.blind_review),
        "read_only": assignment.status not in (AssignmentStatus.ACCEPTED, AssignmentStatus.REOPENED),
        "evaluation": getattr(assignment, "evaluation", None), "co_experts": co_experts,
        "co_blind": competition.blind_review,
    }


def _criteria(assignment):
    rubric = Rubric.objects.filter(competition_id=assignment.application.competition_id).first()
    if rubric is None:
        raise Http404
    return list(rubric.criteria.all())


@login_required
def score(request, pk):
    assignment = get_object_or_404(readable_assignments_for_expert(request.user), pk=pk)
    criteria = _criteria(assignment)
    evaluation, _created = Evaluation.objects.get_or_create(assignment=assignment)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("scoring.score", assignment):
            raise PermissionDenied
        form = ScoringForm(request.POST, criteria=criteria)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evaluation_save_draft(assignment=assignment, actor=request.user, scores=data["scores"],
                                               comment=data["comment"], version=data["version"])
                if "submit" in request.POST:
                    services.evaluation_submit(assignment=assignment, actor=request.user)
                    messages.success(request, _("Your evaluation is submitted. Thank you."))
                    return redirect("scoring:score", pk=assignment.pk)
            except StaleVersionError as error:
                form.add_error(None, error.message)
                status = 409
            except services.ProblemsError as error:
                form.add_error(None, error.message)
                form.add_problems(error.problems)
                status = 400
            except DomainError as error:
                form.add_error(None, error.message)
                status = getattr(error, "status_code", 400)
            else:
                messages.success(request, _("Your draft is saved."))
                return redirect("scoring:score", pk=assignment.pk)
            if status == 400 and "submit" in request.POST:
                # The draft was saved before the check: the next save must carry the new version.
                evaluation.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = evaluation.version
        else:
            status = 400
    else:
        form = ScoringForm(initial=ScoringForm.initial_for(evaluation), criteria=criteria)
    assignment.refresh_from_db()
    return render(request, "review/score.html", _scoring_context(assignment, form), status=status)


@login_required
@require_POST
def autosave(request, pk):
    """JSON autosave of the draft (version-checked); the page works without it."""
    assignment = get_object_or_404(readable_assignments_for_expert(request.user), pk=pk)
    if not request.user.has_perm("scoring.score", assignment):
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
    except services.ProblemsError as error:
        return JsonResponse({"ok": False, "errors": {k: [str(m)] for k, m in error.problems}}, status=400)
    except DomainError as error:
        return JsonResponse({"ok": False, "error": str(error.message)}, status=400)
    return JsonResponse({"ok": True, "version": evaluation.version, "total": format(evaluation.total.normalize(), "f"),
                         "saved_at": evaluation.updated_at.isoformat()})
