"""The generated open-data files: one row per file name, the content in the default storage under a name made of
its sha256 (so a file is never overwritten in place, and the same content is never written twice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import DataFileKind


class DataFile(models.Model):
    name = models.CharField(_("file name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DataFileKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    content_type = models.CharField(_("content type"), max_length=100)
    file = models.FileField(_("file"), upload_to="opendata/", max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    records = models.PositiveIntegerField(_("records"), default=0)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True,
                                        help_text=_("When this content was generated (unchanged content keeps it)."))
    checked_at = models.DateTimeField(_("last regenerated at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")

    def __str__(self):
        return self.name
