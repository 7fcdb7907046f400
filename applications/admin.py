from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import ViewOnlyAdminMixin

from .enums import EDITABLE
from .models import Activity, Application, Attachment, BudgetLine, Indicator, Receipt

# Written by the transition function and the submission/admission/ranking services only.
DECISION_FIELDS = ["status", "status_changed_at", "registration_number", "submitted_at", "snapshot",
                   "snapshot_sha256", "return_reasons", "correction_deadline", "decision_reason", "awarded_amount",
                   "requested_amount", "version", "created_by", "created_at", "updated_at"]
CONTENT_FIELDS = ["competition", "organization", "title", "summary", "problem", "goals", "target_group",
                  "beneficiaries_count", "team", "sustainability", "co_financing"]


def _content_editable(application):
    """The bid's content is the applicant's: after submission it is frozen in the snapshot."""
    return application is None or application.status in EDITABLE


class ContentInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _content_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _content_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _content_editable(obj) and super().has_delete_permission(request, obj)


class BudgetLineInline(ContentInline):
    model = BudgetLine
    fields = ["order", "category", "description", "quantity", "unit_cost", "year", "amount"]
    readonly_fields = ["amount"]

    @admin.display(description=_("amount, KZT"))
    def amount(self, obj):
        return obj.amount if obj.pk else "—"


class ActivityInline(ContentInline):
    model = Activity
    fields = ["order", "title", "starts_on", "ends_on", "expected_result"]


class IndicatorInline(ContentInline):
    model = Indicator
    fields = ["order", "name", "unit", "baseline", "target"]


class AttachmentInline(ViewOnlyAdminMixin, admin.TabularInline):
    """Files come through the permission-checked upload (content allow-list); the admin only lists them."""

    model = Attachment
    extra = 0
    fields = ["document_type", "original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "competition", "organization", "status", "requested_amount",
                    "submitted_at", "awarded_amount"]
    list_filter = ["status", "competition__status", "competition__body", "organization__region"]
    search_fields = ["registration_number", "title", "organization__name", "organization__bin",
                     "competition__reference"]
    date_hierarchy = "submitted_at"
    list_select_related = ["competition", "organization"]
    autocomplete_fields = ["competition", "organization"]
    inlines = [BudgetLineInline, ActivityInline, IndicatorInline, AttachmentInline]
    fieldsets = (
        (None, {"fields": ("competition", "organization", "status", "status_changed_at", "registration_number",
                           "version")}),
        (_("Project"), {"fields": ("title", "summary", "problem", "goals", "target_group", "beneficiaries_count",
                                   "team", "sustainability")}),
        (_("Money"), {"fields": ("requested_amount", "co_financing", "awarded_amount")}),
        (_("Submission and decisions"), {"fields": ("submitted_at", "snapshot_sha256", "snapshot", "return_reasons",
                                                    "correction_deadline", "decision_reason")}),
        (_("History"), {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if not _content_editable(obj):
            return [*DECISION_FIELDS, *CONTENT_FIELDS]
        if obj is not None:
            return [*DECISION_FIELDS, "competition", "organization"]
        return DECISION_FIELDS


class ApplicationPartAdmin(admin.ModelAdmin):
    list_select_related = ["application__competition"]
    raw_id_fields = ["application"]
    search_fields = ["application__registration_number", "application__title"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.filter(status__in=EDITABLE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return (obj is None or _content_editable(obj.application)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _content_editable(obj.application)) and super().has_delete_permission(request, obj)


@admin.register(BudgetLine)
class BudgetLineAdmin(ApplicationPartAdmin):
    list_display = ["description", "application", "category", "quantity", "unit_cost", "year"]
    list_filter = ["category", "year"]
    search_fields = [*ApplicationPartAdmin.search_fields, "description"]


@admin.register(Activity)
class ActivityAdmin(ApplicationPartAdmin):
    list_display = ["title", "application", "starts_on", "ends_on"]
    search_fields = [*ApplicationPartAdmin.search_fields, "title"]


@admin.register(Indicator)
class IndicatorAdmin(ApplicationPartAdmin):
    list_display = ["name", "application", "unit", "baseline", "target"]
    search_fields = [*ApplicationPartAdmin.search_fields, "name"]


@admin.register(Attachment)
class AttachmentAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "application", "document_type", "size", "uploaded_at"]
    list_filter = ["document_type"]
    search_fields = ["original_name", "sha256", "application__registration_number", "application__title"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["application"]
    exclude = ["file"]
    readonly_fields = ["application", "document_type", "original_name", "content_type", "size", "sha256",
                       "uploaded_by", "uploaded_at"]


@admin.register(Receipt)
class ReceiptAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Stored receipt PDFs: written by the worker only (applications.receipts.services)."""

    list_display = ["application", "language", "requested_at", "rendered_at"]
    list_filter = ["language"]
    search_fields = ["application__registration_number", "sha256", "snapshot_sha256"]
    list_select_related = ["application"]
    exclude = ["file"]
    readonly_fields = ["application", "snapshot_sha256", "language", "sha256", "requested_at", "rendered_at"]
