"""Frozen rankings (snapshots, with the time their results were published) and the reports made of them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.pdf import bilingual_choices

from ..enums import ReportFormat, ReportStatus


class RankingSnapshot(models.Model):
    """A frozen ranking: canonical JSON and its sha256. Reports and public results render from it.

    ``published_at`` is written by ``results_publish`` (and only there): the snapshot whose results the
    public sees is the one published last; earlier published ones stay listed after an upheld appeal."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="ranking_snapshots",
                                    verbose_name=_("competition"))
    number = models.PositiveSmallIntegerField(_("number"))
    data = models.JSONField(_("data"))
    canonical = models.TextField(_("canonical JSON"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_current = models.BooleanField(_("current"), default=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("frozen by"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        ordering = ["competition", "-number"]
        verbose_name = _("ranking snapshot")
        verbose_name_plural = _("ranking snapshots")
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="snapshot_unique_number"),
            models.UniqueConstraint(fields=["competition"], condition=Q(is_current=True),
                                    name="snapshot_one_current"),
        ]

    def __str__(self):
        return f"{self.competition.reference} #{self.number} {self.sha256[:12]}"


class Report(models.Model):
    snapshot = models.ForeignKey(RankingSnapshot, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("snapshot"))
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    # "kk+ru" for a PDF (Kazakh then Russian in one file; PDFs made before carry "kk", "ru" or "en" and are kept),
    # the language asked for a CSV or XLSX.
    language = models.CharField(_("language"), max_length=5, choices=bilingual_choices(),
                                default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    # The lease of the worker rendering it (scoring.reports.services): renewed while it renders; once it lapses
    # (the worker was killed) a redelivered task, a retry or the beat sweeper takes the report over.
    lease_until = models.DateTimeField(null=True, blank=True, verbose_name=_("leased until"))
    lease_token = models.CharField(_("lease"), max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "format", "language"],
                                    name="report_once_per_snapshot_format_language"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_le_100"),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.format} {self.status}"
