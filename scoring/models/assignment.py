"""Assignments of experts to applications and the solver's proposals."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from competitions.models import Competition
from portal.accounts.models import ExpertProfile
from portal.multilingual import localized_value

from ..enums import AssignmentStatus, DrawStatus, ProposalKind


class Assignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments",
                                    verbose_name=_("application"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="assignments",
                               verbose_name=_("expert"))
    status = models.CharField(_("status"), max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.OFFERED, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now, verbose_name=_("status changed at"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    is_reserve = models.BooleanField(_("reserve expert"), default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("assigned by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reminded at"))

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["expert", "application"], name="assignment_one_per_expert_application"),
        ]

    def __str__(self):
        return f"{self.expert} → {self.application}"


class AutoAssignmentProposal(models.Model):
    """The solver's answer, shown to the official before anything is assigned."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="assignment_proposals",
                                    verbose_name=_("competition"))
    kind = models.CharField(_("kind"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.INITIAL)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    max_load = models.PositiveSmallIntegerField(_("maximum load per expert"))
    require_outside_region = models.BooleanField(_("outside-region expert required"), default=False)
    pairs = models.JSONField(_("pairs"), default=list)  # [[expert_id, application_id], ...]
    stats = models.JSONField(_("statistics"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("confirmed by"))
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assignment proposal")
        verbose_name_plural = _("assignment proposals")

    def __str__(self):
        return f"{self.competition.reference} proposal #{self.pk} ({len(self.pairs)} pairs)"


class AssignmentDraw(models.Model):
    """An observed draw: the seed's sha256 and the solver's canonical inputs are published before the draw,
    the seed after it. Anyone re-runs the solver on the published inputs and seed (``verify_assignment``)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="assignment_draws",
                                    verbose_name=_("competition"))
    status = models.CharField(_("status"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.COMMITTED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    seed_sha256 = models.CharField(_("SHA-256 of the seed"), max_length=64)
    seed = models.CharField(_("seed"), max_length=200)  # secret until revealed: never shown before
    inputs = models.JSONField(_("inputs"))
    inputs_canonical = models.TextField(_("inputs (canonical JSON)"))
    inputs_sha256 = models.CharField(_("SHA-256 of the inputs"), max_length=64)
    pairs = models.JSONField(_("drawn pairs"), default=list)  # [[expert number, application number], ...]
    proposal = models.OneToOneField(AutoAssignmentProposal, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="draw", verbose_name=_("assignment proposal"))
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("committed by"))
    committed_at = models.DateTimeField(_("committed at"), default=timezone.now)
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)
    # The public council members invited to observe: [{"name": ..., "council": ...}] (names are public).
    invited_observers = models.JSONField(_("invited observers"), default=list, blank=True)

    class Meta:
        ordering = ["competition", "-committed_at", "-id"]
        verbose_name = _("observed draw")
        verbose_name_plural = _("observed draws")

    @property
    def observers(self):
        """The invited observers for display: name and council (in the reader's language)."""
        return [{"name": row.get("name", ""), "council": localized_value(
            {code: row.get(f"council_{code}", "") for code in ("kk", "ru", "en")})} for row in self.invited_observers]

    def __str__(self):
        return f"{self.competition.reference} draw {self.seed_sha256[:12]}"

    @property
    def is_revealed(self):
        return self.status == DrawStatus.REVEALED
