from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureKind(models.TextChoices):
    """What a signature is for. ``SIGNATURE_REQUIRED`` (settings) says which of the documents must be signed."""

    APPLICATION = "application", _("Application at submission")
    AGREEMENT = "agreement", _("Grant agreement")
    EVALUATION = "evaluation", _("Expert evaluation")
    PROTOCOL = "protocol", _("Commission protocol")
    ORGANIZATION_CLAIM = "organization_claim", _("Proof of organisation ownership")
