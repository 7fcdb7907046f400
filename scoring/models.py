from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from competitions.models import Competition
from portal.accounts.models import ExpertProfile, GovernmentBody

from .enums import AppealStatus, AssignmentStatus, ConflictType, ReportFormat, ReportStatus

SCORE = {"max_digits": 8, "decimal_places": 2}


class Rubric(models.Model):
    """A scoring method. Templates have no body; a competition owns its locked copy."""

    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_template = models.BooleanField(_("template"), default=False)
    body = models.ForeignKey(GovernmentBody, verbose_name=_("government body"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="rubrics")
    competition = models.OneToOneField(Competition, verbose_name=_("competition"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="rubric")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="next_versions")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    suggested_pass_threshold = models.DecimalField(_("suggested pass threshold"), null=True, blank=True, **SCORE)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_locked(self):
        return self.locked_at is not None


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    guidance = models.JSONField(_("guidance per score band"), default=list, blank=True,
                                help_text=_('A list of {"from": 0, "to": 3, "text": "..."} bands.'))
    min_score = models.DecimalField(_("scale minimum"), default=Decimal("0"), **SCORE)
    max_score = models.DecimalField(_("scale maximum"), default=Decimal("10"), **SCORE)
    step = models.DecimalField(_("step"), default=Decimal("1"), **SCORE)
    weight = models.DecimalField(_("weight (coefficient)"), max_digits=6, decimal_places=3, default=Decimal("1"))
    min_required = models.DecimalField(_("minimum score required"), null=True, blank=True, **SCORE)
    comment_required = models.BooleanField(_("comment required"), default=False)

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "order"], name="criterion_unique_order"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(step__gt=0), name="criterion_step_positive"),
            models.CheckConstraint(condition=Q(min_score__lt=F("max_score")), name="criterion_scale_ordered"),
            models.CheckConstraint(
                condition=Q(min_required__isnull=True)
                | (Q(min_required__gte=F("min_score")) & Q(min_required__lte=F("max_score"))),
                name="criterion_min_required_on_scale"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


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


class Evaluation(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="evaluation",
                                      verbose_name=_("assignment"))
    comment = models.TextField(_("overall comment"), blank=True)
    total = models.DecimalField(_("weighted total"), null=True, blank=True, max_digits=12, decimal_places=3)
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.assignment} = {self.total}"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("evaluation"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("criterion"))
    value = models.DecimalField(_("score"), null=True, blank=True, **SCORE)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "criterion__order"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="criterion_score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class RankingSnapshot(models.Model):
    """A frozen ranking: canonical JSON and its sha256. Reports and public results render from it."""

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
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
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


# --- expert register, pool, proposals and conflict decisions (assignment and evaluation) ---


class ExpertInvitation(models.Model):
    """An invitation to join the expert register; the link carries a signed token of this row's id."""

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    body = models.ForeignKey(GovernmentBody, verbose_name=_("inviting body"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")

    def __str__(self):
        return self.email

    def is_pending_at(self, moment):
        return self.accepted_at is None and self.expires_at > moment


class PoolMember(models.Model):
    """An expert chosen for a competition's pool; reserve experts fill slots freed by recusals."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="pool_members",
                                    verbose_name=_("competition"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="pool_memberships",
                               verbose_name=_("expert"))
    is_reserve = models.BooleanField(_("reserve"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        ordering = ["competition", "is_reserve", "expert__user__email"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [models.UniqueConstraint(fields=["competition", "expert"], name="pool_member_unique")]

    def __str__(self):
        return f"{self.expert} in {self.competition.reference}"


class ProposalKind(models.TextChoices):
    INITIAL = "initial", _("Initial assignment")
    FILL = "fill", _("Fill freed slots")
    DIVERGENCE = "divergence", _("Additional expert on divergence")


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
