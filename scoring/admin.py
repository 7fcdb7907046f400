from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.admin import ViewOnlyAdminMixin, ViewOnlyInline

from .models import (
    Appeal,
    Assignment,
    AssignmentDraw,
    AutoAssignmentProposal,
    CalibrationAttempt,
    CalibrationExercise,
    Commission,
    CommissionMeeting,
    CommissionMember,
    CompletionAct,
    ConflictDeclaration,
    CourseCompletion,
    CourseQuestion,
    CourseSection,
    Criterion,
    CriterionScore,
    DeclarationOverride,
    Evaluation,
    ExpertApplication,
    ExpertFee,
    ExpertInvitation,
    MeetingAttendance,
    MeetingProtocol,
    MeetingVote,
    PoolMember,
    PotentialConflictDecision,
    RankingSnapshot,
    Report,
    Rubric,
)


def _rubric_editable(rubric):
    """A rubric used by a published competition is locked; a change makes a new version instead."""
    return rubric is None or rubric.locked_at is None


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [("order", "title"), "description", "guidance", ("min_score", "max_score", "step"),
              ("weight", "min_required", "comment_required")]

    def has_add_permission(self, request, obj=None):
        return _rubric_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _rubric_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _rubric_editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_template", "body", "competition", "locked_at", "criteria_count"]
    list_filter = ["is_template", ("locked_at", admin.EmptyFieldListFilter), "body"]
    search_fields = ["name", "description", "competition__reference"]
    list_select_related = ["body", "competition"]
    autocomplete_fields = ["body", "competition"]
    raw_id_fields = ["previous_version", "copied_from"]
    inlines = [CriterionInline]
    fields = ["name", "description", "is_template", "body", "competition", "suggested_pass_threshold", "version",
              "previous_version", "copied_from", "locked_at", "created_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_total=Count("criteria"))

    @admin.display(description=_("criteria"), ordering="criteria_total")
    def criteria_count(self, obj):
        return obj.criteria_total

    def get_readonly_fields(self, request, obj=None):
        fields = ["version", "previous_version", "copied_from", "locked_at", "created_by", "created_at"]
        if not _rubric_editable(obj):
            fields += ["name", "description", "is_template", "body", "competition", "suggested_pass_threshold"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rubric", "min_score", "max_score", "step", "weight", "min_required"]
    list_filter = ["rubric__is_template", "comment_required"]
    search_fields = ["title", "description", "rubric__name"]
    list_select_related = ["rubric"]
    raw_id_fields = ["rubric"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or _rubric_editable(obj.rubric)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _rubric_editable(obj.rubric)) and super().has_delete_permission(request, obj)


class ConflictDeclarationInline(ViewOnlyAdminMixin, admin.StackedInline):
    model = ConflictDeclaration
    extra = 0
    can_delete = False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Assignments are made by the assignment service (conflict checks, loads, audit); here only the due date
    and the reminder stamp may be corrected."""

    list_display = ["__str__", "status", "is_reserve", "due_on", "status_changed_at"]
    list_filter = ["status", "is_reserve", "application__competition"]
    search_fields = ["expert__user__email", "expert__user__full_name", "application__registration_number",
                     "application__title"]
    list_select_related = ["expert__user", "application"]
    fields = ["application", "expert", "status", "status_changed_at", "is_reserve", "due_on", "assigned_by",
              "created_at", "reminded_at"]
    readonly_fields = ["application", "expert", "status", "status_changed_at", "is_reserve", "assigned_by",
                       "created_at"]
    inlines = [ConflictDeclarationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["assignment", "has_conflict", "conflict_type", "declared_at"]
    list_filter = ["has_conflict", "conflict_type"]
    search_fields = ["assignment__expert__user__email", "assignment__application__registration_number", "note"]
    date_hierarchy = "declared_at"
    list_select_related = ["assignment__expert__user", "assignment__application"]


class CriterionScoreInline(ViewOnlyInline):
    model = CriterionScore
    fields = ["criterion", "value", "comment"]
    show_change_link = False


@admin.register(Evaluation)
class EvaluationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """An expert's scores: written by the evaluation service, read-only once submitted, never edited here."""

    list_display = ["assignment", "total", "submitted_at", "updated_at"]
    list_filter = [("submitted_at", admin.EmptyFieldListFilter), "assignment__application__competition"]
    search_fields = ["assignment__expert__user__email", "assignment__application__registration_number",
                     "comment"]
    list_select_related = ["assignment__expert__user", "assignment__application"]
    inlines = [CriterionScoreInline]


@admin.register(CriterionScore)
class CriterionScoreAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["criterion", "value", "evaluation"]
    search_fields = ["evaluation__assignment__application__registration_number", "comment"]
    list_select_related = ["criterion", "evaluation__assignment__expert__user",
                           "evaluation__assignment__application"]


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["competition", "number", "is_current", "sha256", "frozen_by", "frozen_at", "published_at"]
    list_filter = ["is_current"]
    search_fields = ["competition__reference", "sha256"]
    date_hierarchy = "frozen_at"
    list_select_related = ["competition", "frozen_by"]


@admin.register(Report)
class ReportAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["snapshot", "format", "status", "progress", "created_at", "finished_at"]
    list_filter = ["format", "status"]
    search_fields = ["snapshot__competition__reference", "sha256"]
    list_select_related = ["snapshot__competition"]


@admin.register(Appeal)
class AppealAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Appeals are filed and decided through the appeal services (working-day window, audit)."""

    list_display = ["application", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["application__registration_number", "application__title", "reason", "reasoning"]
    date_hierarchy = "filed_at"
    list_select_related = ["application"]


@admin.register(ExpertInvitation)
class ExpertInvitationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "full_name", "body", "created_at", "expires_at", "accepted_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), "body"]
    search_fields = ["email", "full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["body"]


@admin.register(PoolMember)
class PoolMemberAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The pool is built by the official in the assignment screens (audited)."""

    list_display = ["expert", "competition", "is_reserve", "added_at"]
    list_filter = ["is_reserve", "competition"]
    search_fields = ["expert__user__email", "expert__user__full_name", "competition__reference"]
    list_select_related = ["expert__user", "competition"]


@admin.register(AutoAssignmentProposal)
class AutoAssignmentProposalAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "competition", "kind", "seed", "max_load", "created_at", "confirmed_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["competition__reference"]
    date_hierarchy = "created_at"
    list_select_related = ["competition"]


@admin.register(PotentialConflictDecision)
class PotentialConflictDecisionAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["expert", "application", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["expert__user__email", "application__registration_number", "note"]
    date_hierarchy = "decided_at"
    list_select_related = ["expert__user", "application", "decided_by"]


@admin.register(DeclarationOverride)
class DeclarationOverrideAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["declaration", "action", "decided_by", "decided_at"]
    list_filter = ["action"]
    search_fields = ["declaration__assignment__expert__user__email",
                     "declaration__assignment__application__registration_number", "reason"]
    date_hierarchy = "decided_at"
    list_select_related = ["declaration__assignment__expert__user", "declaration__assignment__application",
                           "decided_by"]


@admin.register(AssignmentDraw)
class AssignmentDrawAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Draws are committed and revealed by the assignment services (seed commitment, audit)."""

    list_display = ["competition", "status", "seed_sha256", "committed_by", "committed_at", "revealed_at"]
    list_filter = ["status"]
    search_fields = ["competition__reference", "seed_sha256", "inputs_sha256"]
    list_select_related = ["competition", "committed_by"]


class CommissionMemberInline(ViewOnlyInline):
    model = CommissionMember
    fields = ["full_name", "position", "role", "user", "council_member", "added_at"]
    readonly_fields = fields


@admin.register(Commission)
class CommissionAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The commission, its members and meetings are kept by the commission services (audited)."""

    list_display = ["competition", "quorum_numerator", "quorum_denominator", "created_at"]
    search_fields = ["competition__reference"]
    list_select_related = ["competition"]
    inlines = [CommissionMemberInline]


@admin.register(CommissionMember)
class CommissionMemberAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "commission", "role", "position", "council_member", "added_at"]
    list_filter = ["role", "council_member"]
    search_fields = ["full_name", "user__email", "commission__competition__reference"]
    list_select_related = ["commission__competition", "user"]


class MeetingAttendanceInline(ViewOnlyInline):
    model = MeetingAttendance
    fields = ["member", "present"]
    readonly_fields = fields


class MeetingVoteInline(ViewOnlyInline):
    model = MeetingVote
    fields = ["member", "vote", "dissent"]
    readonly_fields = fields


@admin.register(CommissionMeeting)
class CommissionMeetingAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["commission", "number", "held_at", "format", "status", "snapshot"]
    list_filter = ["status", "format"]
    search_fields = ["commission__competition__reference", "place", "decision_reason"]
    list_select_related = ["commission__competition", "snapshot"]
    inlines = [MeetingAttendanceInline, MeetingVoteInline]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "member", "present"]
    list_filter = ["present"]
    search_fields = ["member__full_name", "meeting__commission__competition__reference"]
    list_select_related = ["meeting__commission__competition", "member"]


@admin.register(MeetingVote)
class MeetingVoteAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "member", "vote"]
    list_filter = ["vote"]
    search_fields = ["member__full_name", "meeting__commission__competition__reference", "dissent"]
    list_select_related = ["meeting__commission__competition", "member"]


@admin.register(MeetingProtocol)
class MeetingProtocolAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "kind", "language", "status", "sha256", "created_at", "finished_at"]
    list_filter = ["kind", "language", "status"]
    search_fields = ["meeting__commission__competition__reference", "sha256"]
    list_select_related = ["meeting__commission__competition"]


@admin.register(ExpertApplication)
class ExpertApplicationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Applications to the expert register are submitted and decided through the register services."""

    list_display = ["full_name", "applicant", "status", "submitted_at", "decided_by", "valid_until"]
    list_filter = ["status", "nomination_source"]
    search_fields = ["full_name", "applicant__email", "nominating_bin"]
    list_select_related = ["applicant", "decided_by"]


@admin.register(CalibrationExercise)
class CalibrationExerciseAdmin(admin.ModelAdmin):
    """Calibration exercises are reference data: the administrator keeps them here."""

    list_display = ["title", "rubric", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    list_select_related = ["rubric"]


@admin.register(CalibrationAttempt)
class CalibrationAttemptAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["exercise", "expert", "mean_abs_deviation", "submitted_at"]
    search_fields = ["exercise__title", "expert__user__email"]
    list_select_related = ["exercise", "expert__user"]


@admin.register(ExpertFee)
class ExpertFeeAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Fees are set by the official through the fee service (audited)."""

    list_display = ["competition", "amount_per_evaluation"]
    search_fields = ["competition__reference"]
    list_select_related = ["competition"]


@admin.register(CompletionAct)
class CompletionActAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["competition", "expert", "evaluations", "amount", "payment_status", "paid_at", "created_at"]
    list_filter = ["payment_status"]
    search_fields = ["competition__reference", "expert__user__email"]
    list_select_related = ["competition", "expert__user"]


@admin.register(CourseSection)
class CourseSectionAdmin(admin.ModelAdmin):
    """The methodology course's text is data: the administrator edits it here, in the three languages."""

    list_display = ["order", "title_kk", "title_ru", "is_active"]
    list_filter = ["is_active"]
    ordering = ["order", "id"]


@admin.register(CourseQuestion)
class CourseQuestionAdmin(admin.ModelAdmin):
    list_display = ["order", "text_ru", "correct", "is_active"]
    list_filter = ["is_active"]
    ordering = ["order", "id"]


@admin.register(CourseCompletion)
class CourseCompletionAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["expert", "completed_at", "score"]
    list_select_related = ["expert__user"]
