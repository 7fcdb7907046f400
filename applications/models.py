import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import DocumentType
from competitions.models import MONEY, Competition
from portal.accounts.models import Organization
from portal.pdf import bilingual_choices

from .enums import ApplicationStatus, BudgetCategory


class Application(models.Model):
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.PROTECT,
                                    related_name="applications")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    registration_number = models.CharField(_("registration number"), max_length=40, unique=True, null=True,
                                           blank=True)

    title = models.CharField(_("project title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem and relevance"), blank=True)
    goals = models.TextField(_("goal and objectives"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    beneficiaries_count = models.PositiveIntegerField(_("number of beneficiaries"), null=True, blank=True)
    team = models.TextField(_("project team"), blank=True)
    sustainability = models.TextField(_("sustainability after the project"), blank=True)
    co_financing = models.DecimalField(_("co-financing, KZT"), default=Decimal("0"), **MONEY)
    requested_amount = models.DecimalField(_("requested amount, KZT"), default=Decimal("0"), **MONEY)

    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    snapshot = models.JSONField(_("submitted snapshot"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True, editable=False)

    return_reasons = models.JSONField(_("reasons for return"), default=list, blank=True)
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    awarded_amount = models.DecimalField(_("awarded amount, KZT"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="application_amount_not_negative"),
            models.CheckConstraint(condition=Q(co_financing__gte=0), name="application_cofinancing_not_negative"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(registration_number__isnull=False),
                name="application_registered_once_submitted",
            ),
        ]
        indexes = [models.Index(fields=["competition", "status"])]

    def __str__(self):
        return self.registration_number or f"#{self.pk} {self.title or _('untitled draft')}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines",
                                    verbose_name=_("application"))
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_cost = models.DecimalField(_("unit cost, KZT"), **MONEY)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="budget_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="budget_line_unit_cost_not_negative"),
        ]

    def __str__(self):
        return self.description

    @property
    def amount(self):
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))


class Activity(models.Model):
    """A line of the calendar plan."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="activities",
                                    verbose_name=_("application"))
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    expected_result = models.CharField(_("expected result"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="activity_dates_ordered"),
        ]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="indicators",
                                    verbose_name=_("application"))
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=Decimal("0"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # Random names outside static files; the original name is kept only as data.
    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments",
                                    verbose_name=_("application"))
    document_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["document_type", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty")]

    def __str__(self):
        return self.original_name


def receipt_path(instance, filename):
    return f"receipts/{instance.application_id}/{uuid.uuid4().hex}.pdf"


class Receipt(models.Model):
    """The stored PDF receipt of one submission (the snapshot it was issued for): in Kazakh and Russian
    (``language`` "kk+ru"); receipts stored before that carry one language and stay downloadable.

    Written by ``applications.receipts.services``: the row when the application is submitted (or when an old
    submission's receipt is asked for), the file by the worker, once."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="receipts",
                                    verbose_name=_("application"))
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64)
    language = models.CharField(_("language"), max_length=5, choices=bilingual_choices())
    file = models.FileField(_("file"), upload_to=receipt_path, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [models.UniqueConstraint(fields=["application", "snapshot_sha256", "language"],
                                               name="receipt_once_per_submission_and_language")]

    def __str__(self):
        return f"{self.application} ({self.language})"
