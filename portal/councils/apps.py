from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "portal.councils"
    label = "councils"
    verbose_name = _("Public councils")

    def ready(self):
        from . import panels  # the dashboard registry is filled once the app registry is ready

        panels.register()
