from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    """Electronic digital signatures (NCALayer in the browser, NCANode or a local CMS verifier on the server)
    and the PAdES seal of every PDF the portal issues."""

    name = "portal.signatures"
    label = "signatures"
    verbose_name = _("Electronic signatures")
