from django.apps import AppConfig


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
