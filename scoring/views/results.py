"""Public results (no sign-in), the canonical JSON of a published snapshot, an applicant's own results."""

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.audit.services import chain_head_for_scope, scope_of

from ..appeals.deadline import appeal_deadline
from ..appeals.rules import appeal_refusal
from ..appeals.selectors import appeals_of_application
from ..commission.selectors import public_extracts
from ..experts.selectors import experts_who_scored
from ..ranking.display import distribution_chart, max_total, snapshot_table, tie_break_labels
from ..ranking.selectors import (
    applications_for_results,
    competitions_with_public_results,
    earlier_published_snapshots,
    expert_scores_for_application,
    published_snapshot,
    snapshot_numbered,
)

SETTLED = (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL)


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
        "chain_head": chain_head_for_scope(scope_of(competition.pk)),
        "revising": competition.status not in SETTLED,
        "earlier": earlier_published_snapshots(competition, snapshot),
        "extracts": public_extracts(snapshot),
        "experts": experts_who_scored(competition),
        "chart": distribution_chart(snapshot.data), "max_total": max_total(snapshot.data["rubric"]),
    })


@require_GET
def snapshot_json(request, reference, number):
    """The canonical JSON of a snapshot, byte for byte what was hashed: public once published."""
    competition = get_object_or_404(Competition, reference=reference)
    snapshot = get_object_or_404(snapshot_numbered(competition, number))
    if snapshot.published_at is None and not rules.has_perm("competitions.view_competition_internal",
                                                            request.user, competition):
        raise Http404
    response = HttpResponse(snapshot.canonical.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{competition.reference}-ranking-{snapshot.number}.json"'
    return response


def application_context(request, application):
    """The applicant's results page: its row of the published snapshot, the experts' scores once settled,
    its appeals and whether it may appeal now."""
    competition = application.competition
    snapshot = published_snapshot(competition)
    row = None
    if snapshot is not None:
        row = next((r for r in snapshot_table(snapshot) if r["application_id"] == application.pk), None)
    settled = competition.status in SETTLED
    return {
        "application": application, "competition": competition, "snapshot": snapshot, "row": row,
        "criteria_means": list(zip(snapshot.data["rubric"], row["means"], strict=True)) if row else [],
        "experts": expert_scores_for_application(application) if settled else [],
        "revising": not settled,
        "appeals": list(appeals_of_application(application)),
        "can_appeal": rules.has_perm("scoring.file_appeal", request.user, application),
        "appeal_refusal": appeal_refusal(application),
        "appeal_deadline": appeal_deadline(competition),
    }


def applicant_results_or_404(request, pk):
    """An application whose published results the user may read (members of the applicant, followers)."""
    application = get_object_or_404(applications_for_results(request.user), pk=pk)
    # The state is checked apart from the permission: a superuser holds every permission.
    if application.competition.results_published_at is None or \
            not rules.has_perm("scoring.view_application_results", request.user, application):
        raise Http404
    return application


@login_required
@require_GET
def application_results(request, pk):
    application = applicant_results_or_404(request, pk)
    return render(request, "results/application.html", application_context(request, application))
