"""Tranches (the schedule of payments) and the annual decisions of multi-year projects."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import MONEY

from ..enums import TrancheCondition, TrancheStatus, YearDecisionKind
from .project import Project


class Tranche(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tranches",
                                verbose_name=_("project"))
    number = models.PositiveSmallIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    amount = models.DecimalField(_("amount, KZT"), **MONEY)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    condition = models.CharField(_("condition"), max_length=20, choices=TrancheCondition.choices)
    condition_period = models.ForeignKey("projects.ReportingPeriod", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name=_("report that must be accepted"))
    status = models.CharField(_("status"), max_length=10, choices=TrancheStatus.choices,
                              default=TrancheStatus.PLANNED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    payment_order_number = models.CharField(_("payment order number"), max_length=60, blank=True)
    payment_order_date = models.DateField(_("payment order date"), null=True, blank=True)
    withheld_reason = models.TextField(_("reason for withholding"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))

    class Meta:
        ordering = ["project_id", "number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="tranche_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(condition=~Q(status="paid") | (
                ~Q(payment_order_number="") & Q(payment_order_date__isnull=False)),
                name="tranche_paid_has_payment_order"),
        ]

    def __str__(self):
        return f"{self.project.reference} #{self.number}"


class YearDecision(models.Model):
    """After an annual report and its monitoring: continue, continue with a reduced amount, or stop."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_decisions",
                                verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("the year decided on"))
    decision = models.CharField(_("decision"), max_length=20, choices=YearDecisionKind.choices)
    amount = models.DecimalField(_("the year's amount, KZT"), null=True, blank=True, **MONEY)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["project_id", "year"]
        verbose_name = _("annual decision")
        verbose_name_plural = _("annual decisions")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="year_decision_once"),
            models.CheckConstraint(condition=~Q(decision="continue_reduced") | Q(amount__gt=0),
                                   name="year_decision_reduced_has_amount"),
        ]

    def __str__(self):
        return f"{self.project.reference} {self.year}: {self.decision}"
