"""Admin site settings and the building blocks the apps' admin modules share.

Status fields, snapshots, hashes and everything the services compute are never edited here: those
writes go through the transition functions and services so they land on the audit trail.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Social-order grants portal: administration")
admin.site.site_title = _("Grants portal admin")
admin.site.index_title = _("Administration")


class ViewOnlyAdminMixin:
    """A model the services write (or that must stay immutable): visible in admin, never changed there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyInline(ViewOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


def all_field_names(model):
    """Every concrete and many-to-many field name, for ``readonly_fields`` of fully read-only pages."""
    opts = model._meta
    return [f.name for f in opts.concrete_fields] + [f.name for f in opts.many_to_many]
