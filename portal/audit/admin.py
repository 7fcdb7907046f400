from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import AuditChainHead, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The hash-chained trail: rows are only appended by ``portal.audit.record``, never touched here."""

    list_display = ["id", "created_at", "action", "actor_label", "target_type", "target_id", "target_label",
                    "scope"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "actor_label", "target_label", "target_id", "scope", "hash", "reason"]
    date_hierarchy = "created_at"
    ordering = ["-id"]
    readonly_fields = [f.name for f in AuditEvent._meta.concrete_fields]
    actions = None


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "last_event_id", "last_hash"]
    readonly_fields = ["last_hash", "last_event_id"]
    actions = None
