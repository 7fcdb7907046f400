from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The living demo (``manage.py seed_demo``): the top layer, above every other app; nothing imports it."""

    name = "demo"
    verbose_name = _("Demo data")
