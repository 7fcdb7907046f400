"""Admin site settings and the building blocks the apps' admin modules share.

Status fields, snapshots, hashes and everything the services compute are never edited here: those
writes go through the transition functions and services so they land on the audit trail.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The admin signs in through the portal's page (lockout, second factor), never with its own form; where
    administrators must use a second factor, a session that was not verified with one does not open the admin."""

    site_header = _("Social-order grants portal: administration")
    site_title = _("Grants portal admin")
    index_title = _("Administration")

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if "admin" in settings.MFA_REQUIRED_ROLES:
            return request.user.is_verified()
        return True

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name),
                                 settings.LOGIN_URL)


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
