from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from . import hooks  # the registries of planning and councils are filled once the apps are loaded

        hooks.register()
