from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from . import dashboard

        dashboard.register()

        # Officials' side: dashboard panels and applicant notifications on competition actions.
        from . import manage_dashboard, manage_receivers  # noqa: F401

        manage_dashboard.register()
