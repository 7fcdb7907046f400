from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package itself: commands, templates tags and the Celery app."""

    name = "portal"
    label = "portal"
    verbose_name = "Portal"
