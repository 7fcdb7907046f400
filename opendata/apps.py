from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """360Giving and OCDS files, the open-data page and API: reads every app, writes only its own files."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from . import hooks  # the publication listener of competitions is registered once the apps are loaded

        hooks.register()
