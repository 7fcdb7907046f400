"""The grant agreement, its frozen versions (content and PDFs in kk and ru, each with its sha256) and the
amendments that make new versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AgreementStatus, AmendmentKind, AmendmentStatus, RenderStatus, TrancheSchedule
from .project import Project


class Agreement(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="agreement",
                                   verbose_name=_("project"))
    number = models.CharField(_("agreement number"), max_length=60, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    schedule = models.CharField(_("tranche schedule"), max_length=10, choices=TrancheSchedule.choices,
                                default=TrancheSchedule.HALVES)
    budget_move_percent = models.DecimalField(_("budget lines may move by, %"), max_digits=5, decimal_places=2,
                                              default=10)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    signed_by_ngo_at = models.DateTimeField(_("signed by the organisation at"), null=True, blank=True)
    signed_by_body_at = models.DateTimeField(_("signed by the body at"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")

    def __str__(self):
        return self.number

    @property
    def competition(self):
        return self.project.competition


def agreement_pdf_path(instance, filename):
    return f"agreements/{instance.agreement_id}/v{instance.number}-{filename}"


class AgreementVersion(models.Model):
    """One frozen text of the agreement. ``sha256`` is of the canonical content; the PDF (Kazakh then Russian, one
    file) has its own. Versions rendered before carry one PDF per language (``pdf_kk``, ``pdf_ru``), kept."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions",
                                  verbose_name=_("grant agreement"))
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    pdf = models.FileField(_("PDF (Kazakh and Russian)"), upload_to=agreement_pdf_path, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pdf_kk = models.FileField(_("PDF (Kazakh)"), upload_to=agreement_pdf_path, blank=True)
    pdf_kk_sha256 = models.CharField(_("SHA-256 of the Kazakh PDF"), max_length=64, blank=True)
    pdf_ru = models.FileField(_("PDF (Russian)"), upload_to=agreement_pdf_path, blank=True)
    pdf_ru_sha256 = models.CharField(_("SHA-256 of the Russian PDF"), max_length=64, blank=True)
    render_status = models.CharField(_("PDF status"), max_length=10, choices=RenderStatus.choices,
                                     default=RenderStatus.QUEUED)
    render_error = models.TextField(_("PDF error"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_once"),
            models.UniqueConstraint(fields=["agreement"], condition=models.Q(is_current=True),
                                    name="agreement_one_current_version"),
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class Amendment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments",
                                  verbose_name=_("grant agreement"))
    kind = models.CharField(_("kind"), max_length=20, choices=AmendmentKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=AmendmentStatus.choices,
                              default=AmendmentStatus.REQUESTED, db_index=True)
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.TextField(_("reason"))
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.OneToOneField(AgreementVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="amendment", verbose_name=_("resulting version"))

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.agreement} {self.get_kind_display()}"
