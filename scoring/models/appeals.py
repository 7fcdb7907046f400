"""Appeals of applicants against published results."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from ..enums import AppealStatus


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals",
                                    verbose_name=_("application"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("filed by"))
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(condition=Q(status="pending") | ~Q(reasoning=""),
                                   name="appeal_decision_has_reasoning"),
        ]

    def __str__(self):
        return f"{self.application} ({self.status})"
