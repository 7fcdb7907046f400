from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", **kwargs):
    """The embedded default keeps the shared cache (lockouts, throttles) in a table; make sure it exists."""
    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Imported here: they use models, which are not ready when this module is imported.
        from . import panels, signals

        panels.register()
        signals.connect()
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="accounts-cache-table")
