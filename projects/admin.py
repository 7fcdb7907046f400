"""Administrators read projects here; every change goes through the project pages and their services
(statuses and money have one writer each). Checklist templates are reference data and stay editable."""

from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import Agreement, AgreementVersion, ChecklistItem, ChecklistTemplate, Project, Tranche


class TrancheInline(ViewOnlyAdminMixin, admin.TabularInline):
    model = Tranche
    extra = 0
    fields = ["number", "year", "amount", "condition", "status", "payment_order_number", "payment_order_date"]


@admin.register(Project)
class ProjectAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "title", "organization", "competition", "status", "awarded_amount",
                    "funded_amount"]
    list_filter = ["status"]
    search_fields = ["reference", "title", "organization__name", "organization__bin"]
    inlines = [TrancheInline]


class VersionInline(ViewOnlyAdminMixin, admin.TabularInline):
    model = AgreementVersion
    extra = 0
    fields = ["number", "sha256", "is_current", "render_status", "pdf_sha256", "pdf_kk_sha256", "pdf_ru_sha256"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "project", "status", "schedule"]
    list_filter = ["status"]
    search_fields = ["number"]
    inlines = [VersionInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "priority_area", "is_default"]
    inlines = [ChecklistItemInline]
