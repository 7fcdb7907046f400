from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import SignatureKind


class Signature(models.Model):
    """An EDS signature over a document of the portal, kept as CMS beside the sha256 of what was signed.

    What is signed is the document's sha256 written as 64 lower-case hex characters (ASCII): the browser has
    NCALayer sign exactly those bytes, so any copy of the document can be checked against the signature.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("document type"))
    object_id = models.PositiveBigIntegerField(_("document id"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=30, choices=SignatureKind.choices)
    document_sha256 = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    cms = models.TextField(_("CMS signature (base64)"))
    signer_iin = models.CharField(_("signer's IIN"), max_length=12, blank=True)
    signer_bin = models.CharField(_("organisation BIN in the certificate"), max_length=12, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=300, blank=True)
    signer_organization = models.CharField(_("organisation in the certificate"), max_length=300, blank=True)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=80)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=300, blank=True)
    certificate_not_before = models.DateTimeField(_("certificate valid from"), null=True, blank=True)
    certificate_not_after = models.DateTimeField(_("certificate valid until"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    valid_at_signing = models.BooleanField(_("valid at signing"), default=False)
    verified_at = models.DateTimeField(_("verified at"))
    verifier = models.CharField(_("verified by"), max_length=30)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("portal user"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("electronic signature")
        verbose_name_plural = _("electronic signatures")
        indexes = [models.Index(fields=["content_type", "object_id", "kind"], name="signature_target")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.signer_name or self.signer_iin} ({self.document_sha256[:12]}…)"
