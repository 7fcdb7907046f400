from django.contrib import admin

from .models import DataFile


@admin.register(DataFile)
class DataFileAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "records", "size", "sha256", "generated_at", "checked_at"]
    readonly_fields = ["name", "kind", "order", "content_type", "file", "sha256", "size", "records", "generated_at",
                       "checked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
