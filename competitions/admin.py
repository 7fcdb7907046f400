import hashlib

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .enums import CompetitionStatus
from .models import Clarification, Competition, CompetitionDocument, RequiredDocument

# Written only by ``competition_transition`` (and the services around it).
STATUS_FIELDS = ["status", "status_changed_at", "published_at", "closed_at", "results_published_at",
                 "cancellation_reason"]
# Decision-relevant terms: once the competition leaves draft they change only through services
# (a deadline extension records its reason and notifies every applicant).
TERMS_FIELDS = [
    "reference", "kind", "body", "priority_area", "regions", "term_type", "project_starts_on", "project_ends_on",
    "project_years", "total_budget", "min_amount", "max_amount", "planned_grants",
    "max_applications_per_organization", "opens_at", "closes_at", "evaluation_deadline",
    "requires_ngo_database", "min_organization_age_months", "restrict_to_regions", "exclude_bankrupt",
    "exclude_in_liquidation", "experts_per_application", "divergence_threshold_percent",
    "auto_add_expert_on_divergence", "aggregation", "pass_threshold", "winner_rule", "tie_breaks",
    "blind_review", "require_outside_region_expert", "appeal_window_days",
]


def _is_draft(obj):
    return obj is None or obj.status == CompetitionStatus.DRAFT


class FileFactsForm(forms.ModelForm):
    """Fills name, size, type and sha256 from the uploaded file, so they always describe the stored bytes."""

    def clean(self):
        cleaned = super().clean()
        upload = self.files.get(self.add_prefix("file"))
        if upload is not None:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            self.instance.original_name = upload.name[:255]
            self.instance.size = upload.size
            self.instance.content_type = (getattr(upload, "content_type", "") or "application/octet-stream")[:100]
            self.instance.sha256 = digest.hexdigest()
        return cleaned


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0

    def _editable(self, obj):
        return _is_draft(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class CompetitionDocumentInline(admin.TabularInline):
    model = CompetitionDocument
    form = FileFactsForm
    extra = 0
    fields = ["kind", "title", "file", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "sha256", "uploaded_by", "uploaded_at"]


class ClarificationInline(admin.StackedInline):
    model = Clarification
    extra = 0
    fields = ["question", "organization", "asked_by", "asked_at", "answer", "answered_by", "answered_at"]
    readonly_fields = ["question", "organization", "asked_by", "asked_at", "answered_by", "answered_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "body", "kind", "status", "opens_at", "closes_at", "total_budget"]
    list_filter = ["status", "kind", "term_type", "priority_area", "regions", "body"]
    search_fields = ["reference", "title_ru", "title_kk", "title_en", "body__name_ru"]
    date_hierarchy = "closes_at"
    list_select_related = ["body", "priority_area"]
    autocomplete_fields = ["body", "priority_area", "created_by"]
    filter_horizontal = ["regions"]
    inlines = [RequiredDocumentInline, CompetitionDocumentInline, ClarificationInline]
    fieldsets = (
        (None, {"fields": ("reference", "kind", "body", "status", "status_changed_at", "plan_item")}),
        (_("Title and description"), {"fields": ("title_ru", "title_kk", "title_en", "description_ru",
                                                 "description_kk", "description_en")}),
        (_("Scope and term"), {"fields": ("priority_area", "regions", "term_type", "project_starts_on",
                                          "project_ends_on", "project_years")}),
        (_("Money"), {"fields": ("total_budget", "min_amount", "max_amount", "planned_grants",
                                 "max_applications_per_organization")}),
        (_("Dates"), {"fields": ("opens_at", "closes_at", "evaluation_deadline")}),
        (_("Eligibility"), {"fields": ("requires_ngo_database", "min_organization_age_months",
                                       "restrict_to_regions", "exclude_bankrupt", "exclude_in_liquidation")}),
        (_("Scoring"), {"fields": ("experts_per_application", "divergence_threshold_percent",
                                   "auto_add_expert_on_divergence", "aggregation", "pass_threshold", "winner_rule",
                                   "tie_breaks", "blind_review", "require_outside_region_expert",
                                   "appeal_window_days")}),
        (_("History"), {"fields": ("created_by", "created_at", "updated_at", "published_at", "closed_at",
                                   "results_published_at", "cancellation_reason")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = [*STATUS_FIELDS, "created_at", "updated_at", "plan_item"]  # the link is set at creation
        if not _is_draft(obj):
            fields += [*TERMS_FIELDS, "created_by"]
        elif obj is not None:
            fields.append("reference")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, CompetitionDocument) and instance.uploaded_by_id is None:
                instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["competition", "document_type", "mandatory", "order"]
    list_filter = ["document_type", "mandatory"]
    search_fields = ["competition__reference", "note"]
    autocomplete_fields = ["competition"]
    list_select_related = ["competition"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.competition)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.competition)) and super().has_delete_permission(request, obj)


@admin.register(CompetitionDocument)
class CompetitionDocumentAdmin(admin.ModelAdmin):
    form = FileFactsForm
    list_display = ["title", "competition", "kind", "original_name", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name", "competition__reference", "sha256"]
    autocomplete_fields = ["competition"]
    list_select_related = ["competition"]
    fields = ["competition", "kind", "title", "file", "original_name", "content_type", "size", "sha256",
              "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Clarification)
class ClarificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "competition", "asked_at", "answered_at"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter)]
    search_fields = ["question", "answer", "competition__reference"]
    date_hierarchy = "asked_at"
    list_select_related = ["competition"]
    fields = ["competition", "organization", "asked_by", "asked_at", "question", "answer", "answered_by",
              "answered_at"]
    readonly_fields = ["competition", "organization", "asked_by", "asked_at", "question", "answered_by",
                       "answered_at"]

    def has_add_permission(self, request):
        return False
