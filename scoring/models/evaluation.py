"""An expert's evaluation of one assignment: a score and a comment per criterion."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .assignment import Assignment
from .rubrics import SCORE, Criterion


class Evaluation(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="evaluation",
                                      verbose_name=_("assignment"))
    comment = models.TextField(_("overall comment"), blank=True)
    total = models.DecimalField(_("weighted total"), null=True, blank=True, max_digits=12, decimal_places=3)
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.assignment} = {self.total}"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("evaluation"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("criterion"))
    value = models.DecimalField(_("score"), null=True, blank=True, **SCORE)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "criterion__order"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="criterion_score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
