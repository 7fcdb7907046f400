from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """The state registers: the legal-entity register and the NGO database, looked up by BIN."""

    name = "portal.registers"
    label = "registers"
    verbose_name = _("State registers")
