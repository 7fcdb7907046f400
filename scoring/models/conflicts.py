"""Conflicts of interest: the expert's declaration, an official's override and decisions on potential ones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from portal.accounts.models import ExpertProfile

from ..enums import ConflictType
from .assignment import Assignment


class ConflictDeclaration(models.Model):
    """The expert's declaration before seeing the bid. Immutable once made."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="declaration",
                                      verbose_name=_("assignment"))
    has_conflict = models.BooleanField(_("conflict of interest"))
    conflict_type = models.CharField(_("type of conflict"), max_length=20, choices=ConflictType.choices,
                                     blank=True)
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.CheckConstraint(condition=Q(has_conflict=False, conflict_type="") | (Q(has_conflict=True)
                                   & ~Q(conflict_type="")), name="declaration_type_iff_conflict"),
        ]

    def __str__(self):
        return f"{self.assignment}: {'conflict' if self.has_conflict else 'no conflict'}"


class DeclarationOverride(models.Model):
    """An official's audited override of an expert's declaration (the declaration itself never changes)."""

    DISMISS_CONFLICT = "dismiss_conflict"
    RECORD_CONFLICT = "record_conflict"
    ACTIONS = [(DISMISS_CONFLICT, _("Declared conflict dismissed: the expert scores")),
               (RECORD_CONFLICT, _("Conflict recorded by the official: the expert is recused"))]

    declaration = models.OneToOneField(ConflictDeclaration, on_delete=models.CASCADE, related_name="override",
                                       verbose_name=_("declaration"))
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration override")
        verbose_name_plural = _("declaration overrides")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="declaration_override_has_reason")]

    def __str__(self):
        return f"{self.declaration}: {self.action}"


class PotentialConflictDecision(models.Model):
    """An official's decision on a potential conflict: confirmed (treated as a conflict) or dismissed."""

    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    DECISIONS = [(CONFIRMED, _("Confirmed: treated as a conflict")), (DISMISSED, _("Dismissed"))]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="potential_conflicts",
                                    verbose_name=_("application"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="potential_conflicts",
                               verbose_name=_("expert"))
    decision = models.CharField(_("decision"), max_length=10, choices=DECISIONS)
    reasons = models.JSONField(_("signals"), default=list)
    note = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("potential conflict decision")
        verbose_name_plural = _("potential conflict decisions")
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="potential_conflict_once")]

    def __str__(self):
        return f"{self.expert} / {self.application}: {self.decision}"
