"""Reporting periods and progress reports (frozen with their sha256 once submitted), their evidence, and the
message thread between an organisation and its curator. Services and pages: second half of issue 13."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import MONEY

from ..enums import EvidenceKind, PeriodKind, ReportStatus
from .project import QUANTITY, Project, ProjectBudgetLine, ProjectIndicator


class ReportingPeriod(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="periods",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    due_on = models.DateField(_("report due"), db_index=True)

    class Meta:
        ordering = ["project_id", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="reporting_period_number_once"),
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="period_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.project.reference} {self.get_kind_display()} {self.number}"


class ProgressReport(models.Model):
    period = models.OneToOneField(ReportingPeriod, on_delete=models.CASCADE, related_name="report",
                                  verbose_name=_("reporting period"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.NOT_STARTED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    narrative = models.TextField(_("narrative"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    beneficiaries_reached = models.PositiveIntegerField(_("beneficiaries reached"), null=True, blank=True)
    activities_done = models.JSONField(_("activities done vs plan"), default=list, blank=True)
    spent_total = models.DecimalField(_("spent, KZT"), null=True, blank=True, **MONEY)
    is_late = models.BooleanField(_("late"), default=False)
    snapshot = models.JSONField(_("submitted snapshot"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reasons = models.JSONField(_("reasons for return"), default=list, blank=True)
    correction_deadline = models.DateField(_("correction deadline"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # The reminders sent (each once per report): before the due date, and the day after it.
    reminded_before_on = models.DateField(_("reminded before the due date on"), null=True, blank=True,
                                          editable=False)
    reminded_overdue_on = models.DateField(_("reminded of the overdue report on"), null=True, blank=True,
                                           editable=False)

    class Meta:
        ordering = ["period_id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(
            condition=Q(status__in=["not_started", "draft"]) | ~Q(snapshot_sha256=""),
            name="progress_report_frozen_once_submitted")]

    def __str__(self):
        return str(self.period)


class ReportIndicatorValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="indicator_values",
                               verbose_name=_("progress report"))
    indicator = models.ForeignKey(ProjectIndicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    actual = models.DecimalField(_("actual"), **QUANTITY)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_indicator_once")]

    def __str__(self):
        return f"{self.indicator}: {self.actual}"


class ReportSpending(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="spending",
                               verbose_name=_("progress report"))
    budget_line = models.ForeignKey(ProjectBudgetLine, on_delete=models.CASCADE, related_name="spending",
                                    verbose_name=_("budget line"))
    spent = models.DecimalField(_("spent, KZT"), **MONEY)
    explanation = models.TextField(_("explanation of the variance"), blank=True)

    class Meta:
        verbose_name = _("spending per budget line")
        verbose_name_plural = _("spending per budget line")
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="report_budget_line_once"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="report_spending_not_negative"),
        ]

    def __str__(self):
        return f"{self.budget_line}: {self.spent}"


def evidence_path(instance, filename):
    return f"project-evidence/{instance.report_id}/{uuid.uuid4().hex}"


class ReportEvidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence",
                               verbose_name=_("progress report"))
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_public = models.BooleanField(_("shown on the public page"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


def message_path(instance, filename):
    return f"project-messages/{instance.project_id}/{uuid.uuid4().hex}"


class ProjectMessage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="messages",
                                verbose_name=_("project"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    body = models.TextField(_("message"))
    attachment = models.FileField(_("attachment"), upload_to=message_path, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    attachment_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    attachment_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["project_id", "created_at", "id"]
        verbose_name = _("project message")
        verbose_name_plural = _("project messages")

    def __str__(self):
        return f"{self.project.reference} {self.created_at:%Y-%m-%d}"
