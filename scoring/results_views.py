"""Pages of the ranking (officials), its reports, the public results and the applicant's scores and appeals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.audit.services import chain_head_for_scope
from portal.errors import DomainError

from . import services
from .enums import AppealStatus, AssignmentStatus, ReportFormat, ReportStatus
from .models import Appeal, Assignment, RankingSnapshot, Report
from .ranking import compute_ranking, snapshot_data
from .reports import outcome_label, tie_break_labels
from .results_selectors import (
    appeals_of_application,
    appeals_of_competition,
    applications_for_results,
    competitions_with_public_results,
    earlier_published_snapshots,
    expert_scores_for_application,
    published_snapshot,
    ranking_competitions_for_user,
    reports_of,
    snapshots_of,
)

BLOCKER_MESSAGES = {
    "missing_evaluations": lambda b: _("%(submitted)s of %(required)s evaluations submitted")
    % {"submitted": b["submitted"], "required": b["required"]},
    "evaluation_pending": lambda b: _("%(pending)s evaluation(s) still in progress (%(submitted)s submitted)")
    % {"pending": b["pending"], "submitted": b["submitted"]},
}


def _require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _competition_for(request, reference):
    return get_object_or_404(ranking_competitions_for_user(request.user), reference=reference)


def snapshot_table(snapshot=None, *, data=None):
    """Rows of a snapshot ready for the templates: per-criterion means in rubric order, outcome labels."""
    data = snapshot.data if data is None else data
    orders = [str(c["order"]) for c in data["rubric"]]
    return [{**row, "means": [row["criterion_means"].get(o) for o in orders],
             "outcome_label": outcome_label(row["outcome"])} for row in data["rows"]]


# --------------------------------------------------------------------------------------------- officials

def _ranking_context(request, competition, **extra):
    can_manage = request.user.has_perm("scoring.view_live_ranking", competition)
    ranking, live = None, None
    if can_manage and competition.status == CompetitionStatus.UNDER_REVIEW:
        ranking = compute_ranking(competition)
        for blocker in ranking.blockers:
            blocker["message"] = BLOCKER_MESSAGES[blocker["code"]](blocker)
        live = snapshot_data(ranking)
    snapshots = list(snapshots_of(competition))
    current = next((s for s in snapshots if s.is_current), None)
    published = published_snapshot(competition)
    return {
        "competition": competition,
        "ranking": ranking,
        "live": live,
        "live_rows": snapshot_table(data=live) if live else [],
        "needs_note": bool(ranking and any(d["resolution"] == "accepted_by_official" for d in live["divergence"])),
        "snapshots": snapshots,
        "current": current,
        "published": published,
        "reports": reports_of(current) if current else {},
        "appeals": list(appeals_of_competition(competition)),
        "can_manage": can_manage,
        "can_freeze": request.user.has_perm("scoring.freeze_ranking", competition),
        "can_publish": request.user.has_perm("scoring.publish_results", competition),
        "can_reopen": request.user.has_perm("scoring.reopen_ranking", competition),
        "formats": ReportFormat.choices,
        **extra,
    }


@login_required
@require_GET
def ranking_page(request, reference):
    competition = _competition_for(request, reference)
    return render(request, "results/ranking.html", _ranking_context(request, competition))


@login_required
@require_POST
def ranking_freeze_view(request, reference):
    competition = _competition_for(request, reference)
    _require(request, "scoring.freeze_ranking", competition)
    note = request.POST.get("divergence_note", "")
    try:
        snapshot = services.ranking_freeze(competition=competition, actor=request.user, divergence_note=note)
    except services.RankingBlocked as blocked:
        context = _ranking_context(request, competition, freeze_error=blocked.message, divergence_note=note)
        return render(request, "results/ranking.html", context, status=409)
    except DomainError as error:
        context = _ranking_context(request, competition, freeze_error=error.message, divergence_note=note,
                                   note_error=error.message if error.code == "divergence_note_required" else "")
        return render(request, "results/ranking.html", context, status=400)
    messages.success(request, _("The ranking is frozen as snapshot No. %(number)s.") % {"number": snapshot.number})
    return redirect("results:ranking", reference=competition.reference)


@login_required
@require_POST
def ranking_reopen_view(request, reference):
    competition = _competition_for(request, reference)
    _require(request, "scoring.reopen_ranking", competition)
    reason = request.POST.get("reason", "")
    try:
        services.ranking_reopen(competition=competition, actor=request.user, reason=reason)
    except DomainError as error:
        context = _ranking_context(request, competition, reopen_error=error.message)
        return render(request, "results/ranking.html", context, status=400)
    messages.success(request, _("The ranking is reopened; freeze it again when ready."))
    return redirect("results:ranking", reference=competition.reference)


@login_required
@require_POST
def results_publish_view(request, reference):
    competition = _competition_for(request, reference)
    _require(request, "scoring.publish_results", competition)
    try:
        services.results_publish(competition=competition, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("results:ranking", reference=competition.reference)
    messages.success(request, _("The results are published and the applicants notified."))
    return redirect("results:ranking", reference=competition.reference)


@login_required
@require_GET
def snapshot_page(request, reference, number):
    competition = _competition_for(request, reference)
    _require(request, "scoring.view_snapshot", competition)
    snapshot = get_object_or_404(RankingSnapshot, competition=competition, number=number)
    reports = reports_of(snapshot)
    return render(request, "results/snapshot.html", {
        "competition": competition, "snapshot": snapshot, "rows": snapshot_table(snapshot),
        "rubric": snapshot.data["rubric"],
        "formats": [(value, label, reports.get(value)) for value, label in ReportFormat.choices],
        "can_request": request.user.has_perm("scoring.request_report", competition),
    })


@login_required
@require_POST
def report_request_view(request, reference, number):
    competition = _competition_for(request, reference)
    _require(request, "scoring.request_report", competition)
    snapshot = get_object_or_404(RankingSnapshot, competition=competition, number=number)
    try:
        report = services.report_request(snapshot=snapshot, format=request.POST.get("format", ""),
                                         actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("results:snapshot", reference=reference, number=number)
    return redirect("results:report", reference=reference, pk=report.pk)


def _report_for(request, reference, pk):
    competition = _competition_for(request, reference)
    report = get_object_or_404(Report.objects.select_related("snapshot__competition"), pk=pk,
                               snapshot__competition=competition)
    _require(request, "scoring.view_report", report)
    return competition, report


def _report_state(report):
    return {
        "status": report.status, "status_label": str(report.get_status_display()), "progress": report.progress,
        "error": report.error if report.status == ReportStatus.FAILED else "",
        "sha256": report.sha256,
        "download_url": reverse("results:report_download", kwargs={
            "reference": report.snapshot.competition.reference, "pk": report.pk})
        if report.status == ReportStatus.DONE else "",
    }


@login_required
@require_GET
def report_page(request, reference, pk):
    competition, report = _report_for(request, reference, pk)
    return render(request, "results/report.html", {
        "competition": competition, "report": report, "state": _report_state(report),
        "can_retry": request.user.has_perm("scoring.retry_report", report),
    })


@login_required
@require_GET
def report_status(request, reference, pk):
    _competition, report = _report_for(request, reference, pk)
    return JsonResponse(_report_state(report))


@login_required
@require_GET
def report_download(request, reference, pk):
    _competition, report = _report_for(request, reference, pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    content_types = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = FileResponse(report.file.open("rb"), as_attachment=True,
                            filename=report.file.name.rsplit("/", 1)[-1], content_type=content_types[report.format])
    response["X-Content-SHA256"] = report.sha256
    return response


@login_required
@require_POST
def report_retry_view(request, reference, pk):
    _competition, report = _report_for(request, reference, pk)
    _require(request, "scoring.retry_report", report)
    services.report_retry(report=report, actor=request.user)
    return redirect("results:report", reference=reference, pk=report.pk)


@login_required
def appeal_page(request, reference, pk):
    competition = _competition_for(request, reference)
    appeal = get_object_or_404(Appeal.objects.select_related("application__organization", "decided_by"),
                               pk=pk, application__competition=competition)
    _require(request, "scoring.view_appeal", appeal)
    assignments = list(Assignment.objects.filter(application=appeal.application,
                                                 status=AssignmentStatus.SUBMITTED)
                       .select_related("expert__user", "evaluation").order_by("id"))
    context = {"competition": competition, "appeal": appeal, "assignments": assignments,
               "can_decide": request.user.has_perm("scoring.decide_appeal", appeal),
               "decisions": [(AppealStatus.UPHELD, AppealStatus.UPHELD.label),
                             (AppealStatus.DISMISSED, AppealStatus.DISMISSED.label)]}
    if request.method != "POST":
        return render(request, "results/appeal.html", context)
    _require(request, "scoring.decide_appeal", appeal)
    decision, reasoning = request.POST.get("decision", ""), request.POST.get("reasoning", "")
    try:
        services.appeal_decide(appeal=appeal, decision=decision, reasoning=reasoning, actor=request.user,
                               reopen_assignment_ids=request.POST.getlist("reopen"))
    except (DomainError, ValueError) as error:
        message = getattr(error, "message", str(error))
        code = getattr(error, "code", "")
        field = {"reasoning_required": "reasoning", "bad_decision": "decision"}.get(code, "")
        context.update(error=message, field=field,
                       posted={"decision": decision, "reasoning": reasoning,
                               "reopen": request.POST.getlist("reopen")})
        return render(request, "results/appeal.html", context, status=400)
    messages.success(request, _("The decision is recorded and the applicant notified."))
    return redirect("results:ranking", reference=reference)


# ------------------------------------------------------------------------------------------------ public

@require_GET
def public_results(request, reference):
    competition = get_object_or_404(competitions_with_public_results(), reference=reference)
    snapshot = published_snapshot(competition)
    if snapshot is None:
        raise Http404
    return render(request, "results/public.html", {
        "competition": competition, "snapshot": snapshot, "data": snapshot.data, "rows": snapshot_table(snapshot),
        "rubric": snapshot.data["rubric"], "method": snapshot.data["method"],
        "tie_breaks": tie_break_labels(snapshot.data["method"]["tie_breaks"]),
        "chain_head": chain_head_for_scope(f"competition:{competition.pk}"),
        "revising": competition.status not in (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL),
        "earlier": earlier_published_snapshots(competition, snapshot),
    })


@require_GET
def snapshot_json(request, reference, number):
    """The canonical JSON of a snapshot, byte for byte what was hashed: public once published."""
    competition = get_object_or_404(Competition, reference=reference)
    snapshot = get_object_or_404(RankingSnapshot, competition=competition, number=number)
    ever_published = competition.results_published_at is not None and _was_published(competition, snapshot)
    if not ever_published and not request.user.has_perm("scoring.view_snapshot", competition):
        raise Http404
    response = HttpResponse(snapshot.canonical.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{competition.reference}-ranking-{snapshot.number}.json"'
    return response


def _was_published(competition, snapshot):
    from portal.audit.models import AuditEvent

    return AuditEvent.objects.filter(scope=f"competition:{competition.pk}", action="results.published",
                                     target_type="scoring.rankingsnapshot", target_id=str(snapshot.pk)).exists()


# ----------------------------------------------------------------------------------------------- applicant

def _application_context(request, application):
    competition = application.competition
    snapshot = published_snapshot(competition)
    row = None
    if snapshot is not None:
        row = next((r for r in snapshot_table(snapshot) if r["application_id"] == application.pk), None)
    settled = competition.status in (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL)
    return {
        "application": application, "competition": competition, "snapshot": snapshot, "row": row,
        "criteria_means": list(zip(snapshot.data["rubric"], row["means"], strict=True)) if row else [],
        "experts": expert_scores_for_application(application) if settled else [],
        "revising": not settled,
        "appeals": list(appeals_of_application(application)),
        "can_appeal": request.user.has_perm("scoring.file_appeal", application),
        "appeal_deadline": services.appeal_deadline(competition),
    }


@login_required
@require_GET
def application_results(request, pk):
    application = get_object_or_404(applications_for_results(request.user), pk=pk)
    if application.competition.results_published_at is None or \
            not request.user.has_perm("scoring.view_application_results", application):
        raise Http404
    return render(request, "results/application.html", _application_context(request, application))


@login_required
@require_POST
def appeal_file_view(request, pk):
    application = get_object_or_404(applications_for_results(request.user), pk=pk)
    if not request.user.has_perm("scoring.view_application_results", application):
        raise Http404
    _require(request, "scoring.file_appeal", application)
    reason = request.POST.get("reason", "")
    try:
        services.appeal_file(application=application, reason=reason, actor=request.user)
    except DomainError as error:
        context = _application_context(request, application)
        context.update(appeal_error=error.message, reason=reason)
        return render(request, "results/application.html", context, status=400)
    messages.success(request, _("Your appeal is filed. The official will decide and you will be notified."))
    return redirect("results:application", pk=application.pk)
