from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Messages are sent by ``notify()``; the admin only reads them (e.g. to check a delivery)."""

    list_display = ["subject", "user", "created_at", "read_at", "emailed_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "body", "user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "subject", "body", "url", "created_at", "read_at", "emailed_at"]
