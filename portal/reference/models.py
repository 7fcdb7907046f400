from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.multilingual import localized


class TrilingualName(models.Model):
    """A name kept in Kazakh, Russian and English; ``name`` picks the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self):
        return localized(self, "name")

    def __str__(self):
        return self.name


class RegionKind(models.TextChoices):
    OBLAST = "oblast", _("Region (oblast)")
    CITY = "city", _("City of republican significance")


class Region(TrilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class PriorityArea(TrilingualName):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


class MciRate(models.Model):
    """Monthly calculation index (МРП / АЕК) for a year, in KZT."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("MCI rate")
        verbose_name_plural = _("MCI rates")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="mci_amount_positive")]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class ExtraHoliday(models.Model):
    """A day off declared by government decree on top of the statutory calendar (or a moved working day)."""

    date = models.DateField(_("date"), unique=True)
    is_day_off = models.BooleanField(
        _("day off"), default=True, help_text=_("Untick for a Saturday declared a working day.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self):
        return f"{self.date} ({self.note})"


class Sequence(models.Model):
    """Gap-free counters for public references (competition and registration numbers)."""

    key = models.CharField(max_length=100, unique=True, verbose_name=_("key"))
    value = models.PositiveIntegerField(default=0, verbose_name=_("value"))

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")

    def __str__(self):
        return f"{self.key}={self.value}"
