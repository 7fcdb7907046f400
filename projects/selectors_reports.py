"""Reads of the progress report pages, the message thread, the dashboards' late reports and the public
project page's accepted reports."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import ProjectStatus, ReportStatus
from .models import (
    ProgressReport,
    ProjectIndicator,
    ProjectMessage,
    ReportEvidence,
    ReportIndicatorValue,
    ReportSpending,
)
from .selectors import projects_for_user

OPEN = (ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING, ProjectStatus.EVALUATING)


def report_for_user(user, pk):
    """One report of a project the user sees, with what its page shows (404 otherwise)."""
    queryset = ProgressReport.objects.filter(period__project__in=projects_for_user(user)).select_related(
        "period__project__competition__body", "period__project__organization", "period__project__curator",
    ).prefetch_related(
        "period__project__activities", "period__project__budget_lines", "evidence",
        Prefetch("spending", queryset=ReportSpending.objects.select_related("budget_line")),
        Prefetch("period__project__indicators", queryset=ProjectIndicator.objects.prefetch_related("targets")),
        Prefetch("indicator_values", queryset=ReportIndicatorValue.objects.select_related("indicator")))
    return get_object_or_404(queryset, pk=pk)


def evidence_for_user(user, pk):
    return get_object_or_404(ReportEvidence.objects.filter(
        report__period__project__in=projects_for_user(user)).select_related("report__period__project"), pk=pk)


def public_evidence(pk):
    """Evidence marked public of an accepted report of a funded project (the public page's links)."""
    return get_object_or_404(ReportEvidence.objects.filter(
        is_public=True, report__status=ReportStatus.ACCEPTED).exclude(
        report__period__project__status=ProjectStatus.DECLINED), pk=pk)


def messages_of(project):
    return ProjectMessage.objects.filter(project=project).select_related("author").order_by("created_at", "id")


def message_for_user(user, pk):
    return get_object_or_404(ProjectMessage.objects.filter(project__in=projects_for_user(user))
                             .select_related("project__competition"), pk=pk)


def late_reports_for_user(user, *, today=None, limit=20):
    """Reports of open projects the user sees that are flagged late or overdue and not yet submitted."""
    today = today or timezone.localdate()
    return list(ProgressReport.objects.filter(period__project__in=projects_for_user(user),
                                              period__project__status__in=OPEN)
                .filter(Q(is_late=True, status__in=[ReportStatus.NOT_STARTED, ReportStatus.DRAFT,
                                                    ReportStatus.RETURNED, ReportStatus.SUBMITTED])
                        | Q(period__due_on__lt=today, status__in=[ReportStatus.NOT_STARTED, ReportStatus.DRAFT]))
                .select_related("period__project").order_by("period__due_on", "pk")[:limit])


def accepted_reports(project):
    """The accepted reports of a project with their indicator values (the public page shows their public parts)."""
    return list(ProgressReport.objects.filter(period__project=project, status=ReportStatus.ACCEPTED)
                .select_related("period").prefetch_related(
                    Prefetch("indicator_values", queryset=ReportIndicatorValue.objects.select_related("indicator")
                             .prefetch_related("indicator__targets").order_by("indicator__order", "indicator_id")),
                    Prefetch("evidence", queryset=ReportEvidence.objects.filter(is_public=True)))
                .order_by("period__number"))
