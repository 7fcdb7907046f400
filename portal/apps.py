from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    """The project package itself: commands, template tags and the Celery app."""

    name = "portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Django's idiom: signal receivers are connected once the app registry is ready.
        from django.db.backends.signals import connection_created

        from .sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="portal-unicode-like")


class PortalAdminConfig(AdminConfig):
    """Django admin with the portal's site: sign-in through the portal's own page (lockout, second factor)."""

    default_site = "portal.admin.PortalAdminSite"
