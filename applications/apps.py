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
        from .receipts import tasks as _receipt_tasks  # noqa: F401 - the worker's task (not in a top-level tasks.py)

        manage_dashboard.register()

        # The EDS signature of an application: the organisation's BIN, over the current content (imported here:
        # the services need the app registry ready).
        from portal.signatures import kinds
        from portal.signatures.enums import SignatureKind

        from .services import application_content_sha256

        kinds.register(SignatureKind.APPLICATION, expected_bin=lambda application, actor: application.organization.bin,
                       current_sha256=application_content_sha256)
