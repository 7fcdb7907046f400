"""Pages of the ranking (officials; observers read): the live ranking, freezing, reopening, publishing, a snapshot."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competitions.enums import CompetitionStatus
from portal.errors import DomainError

from ..appeals.selectors import appeals_of_competition
from ..enums import ReportFormat
from ..errors import RankingBlocked
from ..forms.ranking import FreezeForm, ReopenForm
from ..ranking import services
from ..ranking.compute import compute_ranking
from ..ranking.display import blocker_message, distribution_chart, max_total, snapshot_table
from ..ranking.selectors import published_snapshot, snapshot_numbered, snapshots_of
from ..ranking.snapshot import snapshot_data
from ..reports.selectors import reports_of
from .common import followed_competition, require


def _live(request, competition):
    """The live ranking (managers, while under review): the ranking, its snapshot data, the blockers' messages."""
    if not (rules.has_perm("competitions.manage_competition", request.user, competition)
            and competition.status == CompetitionStatus.UNDER_REVIEW):
        return None, None
    ranking = compute_ranking(competition)
    for blocker in ranking.blockers:
        blocker["message"] = blocker_message(blocker)
    return ranking, snapshot_data(ranking)


def _to_publish(current):
    """What "Publish the results" will make public: the frozen ranking, its figures and its chart."""
    if current is None or current.published_at is not None:
        return None
    return {"rows": snapshot_table(current), "rubric": current.data["rubric"], "summary": current.data["summary"],
            "chart": distribution_chart(current.data), "max_total": max_total(current.data["rubric"]),
            "threshold": current.data["method"]["pass_threshold"]}


def _ranking_page(request, competition, *, status=200, **extra):
    ranking, live = _live(request, competition)
    snapshots = list(snapshots_of(competition))
    current = next((s for s in snapshots if s.is_current), None)
    return render(request, "results/ranking.html", {
        "competition": competition, "ranking": ranking, "live": live,
        "live_rows": snapshot_table(data=live) if live else [],
        "live_chart": distribution_chart(live) if live else None,
        "needs_note": bool(ranking and any(d["resolution"] == "accepted_by_official" for d in live["divergence"])),
        "snapshots": snapshots, "current": current, "published": published_snapshot(competition),
        "reports": reports_of(current) if current else {}, "to_publish": _to_publish(current),
        "appeals": list(appeals_of_competition(competition)),
        "can_manage": rules.has_perm("competitions.manage_competition", request.user, competition),
        "can_freeze": rules.has_perm("scoring.freeze_ranking", request.user, competition),
        "can_publish": rules.has_perm("scoring.publish_results", request.user, competition),
        "can_reopen": rules.has_perm("scoring.reopen_ranking", request.user, competition),
        "formats": ReportFormat.choices, **extra,
    }, status=status)


@login_required
@require_GET
def ranking_page(request, reference):
    return _ranking_page(request, followed_competition(request, reference))


@login_required
@require_POST
def ranking_freeze_view(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.freeze_ranking", competition)
    form = FreezeForm(request.POST)
    note = form["divergence_note"].value() or ""
    if not form.is_valid():
        error = form.errors["divergence_note"][0]
        return _ranking_page(request, competition, status=400, freeze_error=error, note_error=error,
                             divergence_note=note)
    try:
        snapshot = services.ranking_freeze(competition=competition, actor=request.user,
                                           divergence_note=form.cleaned_data["divergence_note"])
    except RankingBlocked as blocked:
        return _ranking_page(request, competition, status=409, freeze_error=blocked.message, divergence_note=note)
    except DomainError as error:
        return _ranking_page(request, competition, status=400, freeze_error=error.message, divergence_note=note,
                             note_error=error.message if error.code == "divergence_note_required" else "")
    messages.success(request, _("The ranking is frozen as snapshot No. %(number)s.") % {"number": snapshot.number})
    return redirect("results:ranking", reference=competition.reference)


@login_required
@require_POST
def ranking_reopen_view(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.reopen_ranking", competition)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _ranking_page(request, competition, status=400, reopen_error=form.errors["reason"][0])
    try:
        services.ranking_reopen(competition=competition, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _ranking_page(request, competition, status=400, reopen_error=error.message)
    messages.success(request, _("The ranking is reopened; freeze it again when ready."))
    return redirect("results:ranking", reference=competition.reference)


@login_required
@require_POST
def results_publish_view(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.publish_results", competition)
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
    competition = followed_competition(request, reference)
    snapshot = get_object_or_404(snapshot_numbered(competition, number))
    reports = reports_of(snapshot)
    return render(request, "results/snapshot.html", {
        "competition": competition, "snapshot": snapshot, "rows": snapshot_table(snapshot),
        "rubric": snapshot.data["rubric"],
        "formats": [(value, label, reports.get(value)) for value, label in ReportFormat.choices],
        "can_request": rules.has_perm("competitions.manage_competition", request.user, competition),
    })
