"""A revised budget: after the official funds a lower amount, the organisation submits its budget lines per year
again (the total equal to the funded amount, only the categories its application had); the official accepts it or
returns it with reasons. The agreement is generated only from an accepted one."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import MONEY

from ..enums import RevisionStatus
from .project import Project


class RevisedBudget(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revised_budgets",
                                verbose_name=_("project"))
    number = models.PositiveSmallIntegerField(_("number"))
    amount = models.DecimalField(_("funded amount it revises to, KZT"), **MONEY)
    lines = models.JSONField(_("budget lines"), default=list)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=RevisionStatus.choices,
                              default=RevisionStatus.SUBMITTED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    return_reasons = models.JSONField(_("reasons for return"), default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))

    class Meta:
        ordering = ["project_id", "-number"]
        verbose_name = _("revised budget")
        verbose_name_plural = _("revised budgets")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="revised_budget_number_once")]

    def __str__(self):
        return f"{self.project.reference} R{self.number}"

    @property
    def total(self):
        return sum((Decimal(line["amount"]) for line in self.lines), Decimal("0"))
