from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health and readiness, metrics, request ids and JSON logs, backups, the 503 answer."""

    name = "portal.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        # Imported once the apps are loaded (these modules import models and settings).
        from django.core.signals import request_finished

        from . import celery_signals
        from .request_id import clear_request_id

        celery_signals.connect()
        request_finished.connect(clear_request_id, dispatch_uid="portal-clear-request-id")
