from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health and readiness, metrics, request ids and JSON logs, backups, the 503 answer."""

    name = "portal.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from . import celery_signals

        celery_signals.connect()
