"""Rubrics and their criteria: templates, body rubrics and each competition's locked copy."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.accounts.models import GovernmentBody
from portal.multilingual import CONTENT_LANGUAGES, localized, localized_value

SCORE = {"max_digits": 8, "decimal_places": 2}


class Rubric(models.Model):
    """A scoring method. Templates have no body; a competition owns its locked copy."""

    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_template = models.BooleanField(_("template"), default=False)
    body = models.ForeignKey(GovernmentBody, verbose_name=_("government body"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="rubrics")
    competition = models.OneToOneField(Competition, verbose_name=_("competition"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="rubric")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="next_versions")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    suggested_pass_threshold = models.DecimalField(_("suggested pass threshold"), null=True, blank=True, **SCORE)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_locked(self):
        return self.locked_at is not None


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    order = models.PositiveSmallIntegerField(_("order"))
    # ``title``, ``description`` and each band's ``text`` are the texts as first written (kept in snapshots and the
    # audit trail); the _kk/_ru/_en columns (and a band's text_kk/text_ru/text_en) are what readers see.
    title = models.CharField(_("title"), max_length=300)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    guidance = models.JSONField(_("guidance per score band"), default=list, blank=True,
                                help_text=_('A list of {"from": 0, "to": 3, "text": "...", "text_kk": "...", '
                                            '"text_ru": "...", "text_en": "..."} bands.'))
    min_score = models.DecimalField(_("scale minimum"), default=Decimal("0"), **SCORE)
    max_score = models.DecimalField(_("scale maximum"), default=Decimal("10"), **SCORE)
    step = models.DecimalField(_("step"), default=Decimal("1"), **SCORE)
    weight = models.DecimalField(_("weight (coefficient)"), max_digits=6, decimal_places=3, default=Decimal("1"))
    min_required = models.DecimalField(_("minimum score required"), null=True, blank=True, **SCORE)
    comment_required = models.BooleanField(_("comment required"), default=False)

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "order"], name="criterion_unique_order"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(step__gt=0), name="criterion_step_positive"),
            models.CheckConstraint(condition=Q(min_score__lt=F("max_score")), name="criterion_scale_ordered"),
            models.CheckConstraint(
                condition=Q(min_required__isnull=True)
                | (Q(min_required__gte=F("min_score")) & Q(min_required__lte=F("max_score"))),
                name="criterion_min_required_on_scale"),
        ]

    def __str__(self):
        return f"{self.order}. {self.label}"

    @property
    def label(self):
        """The title in the reader's language (kk -> ru -> en), else as first written."""
        return localized(self, "title") or self.title

    @property
    def about(self):
        return localized(self, "description") or self.description

    @property
    def bands(self):
        """The guidance bands with ``text`` in the reader's language."""
        return [{**band, "text": localized_value({code: band.get(f"text_{code}") for code in CONTENT_LANGUAGES})
                 or band.get("text", "")} for band in (self.guidance or [])]
