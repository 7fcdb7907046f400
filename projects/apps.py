from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects after the award")

    def ready(self):
        from . import execution, hooks, rules  # noqa: F401

        hooks.register()
        execution.register()
        from . import panels  # the dashboard registry is filled once the app registry is ready

        panels.register()
