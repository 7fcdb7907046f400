"""Pages of the reports of a frozen ranking: asking for one, its progress (polled), the download, a retry."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from portal.errors import DomainError

from ..enums import ReportStatus
from ..forms.ranking import ReportRequestForm
from ..ranking.selectors import snapshot_numbered
from ..reports import services
from ..reports.render import CONTENT_TYPES
from ..reports.selectors import report_stuck, reports_of_competition
from .common import followed_competition, require


@login_required
@require_POST
def report_request_view(request, reference, number):
    competition = followed_competition(request, reference, manage=True)
    snapshot = get_object_or_404(snapshot_numbered(competition, number))
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["format"][0])
        return redirect("results:snapshot", reference=reference, number=number)
    try:
        report = services.report_request(snapshot=snapshot, format=form.cleaned_data["format"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("results:snapshot", reference=reference, number=number)
    return redirect("results:report", reference=reference, pk=report.pk)


def _report_for(request, reference, pk):
    competition = followed_competition(request, reference)
    return competition, get_object_or_404(reports_of_competition(competition), pk=pk)


def _report_state(report):
    return {
        "status": report.status, "status_label": str(report.get_status_display()), "progress": report.progress,
        "error": report.error if report.status == ReportStatus.FAILED else "",
        "sha256": report.sha256,
        "retryable": report.status == ReportStatus.FAILED or report_stuck(report),
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
        "can_retry": rules.has_perm("competitions.manage_competition", request.user, competition),
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
    response = FileResponse(report.file.open("rb"), as_attachment=True,
                            filename=report.file.name.rsplit("/", 1)[-1], content_type=CONTENT_TYPES[report.format])
    response["X-Content-SHA256"] = report.sha256
    return response


@login_required
@require_POST
def report_retry_view(request, reference, pk):
    competition, report = _report_for(request, reference, pk)
    require(request, "competitions.manage_competition", competition)
    services.report_retry(report=report, actor=request.user)
    return redirect("results:report", reference=reference, pk=report.pk)
