"""Rubrics and their criteria: templates, body rubrics and each competition's locked copy."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.accounts.models import GovernmentBody

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
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    guidance = models.JSONField(_("guidance per score band"), default=list, blank=True,
                                help_text=_('A list of {"from": 0, "to": 3, "text": "..."} bands.'))
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
        return f"{self.order}. {self.title}"
