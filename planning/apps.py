from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Plans of topics")

    def ready(self):
        from . import panels, targets  # registries are filled once the app registry is ready

        targets.register()
        panels.register()
