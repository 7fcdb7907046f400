from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import AuditChainHead, AuditEvent, PublishedHead


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The hash-chained trail: rows are only appended by ``portal.audit.record`` and chained by the sealer,
    never touched here. An empty "position in the chain" means the event is pending seal."""

    list_display = ["id", "created_at", "action", "actor_label", "target_type", "target_id", "target_label",
                    "scope", "seq"]
    list_filter = [("seq", admin.EmptyFieldListFilter), "action", "target_type"]
    search_fields = ["action", "actor_label", "target_label", "target_id", "scope", "hash", "reason"]
    date_hierarchy = "created_at"
    ordering = ["-id"]
    readonly_fields = [f.name for f in AuditEvent._meta.concrete_fields]
    actions = None


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "last_seq", "last_event_id", "last_hash", "sealed_at"]
    readonly_fields = [f.name for f in AuditChainHead._meta.concrete_fields]
    actions = None


@admin.register(PublishedHead)
class PublishedHeadAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["published_at", "seq", "hash", "event_id"]
    readonly_fields = [f.name for f in PublishedHead._meta.concrete_fields]
    ordering = ["-seq"]
    actions = None
