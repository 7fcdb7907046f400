"""The evaluation of a project's results by a panel (two evaluators at least, conflict declared as for bids)
on an assessment rubric of the rubric engine. Services and pages: second half of issue 13."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ExpertProfile
from scoring.models import Criterion, Rubric

from ..enums import EvaluationStatus, EvaluatorStatus, OutcomeClass
from .project import Project

SCORE = {"max_digits": 8, "decimal_places": 2}


class ProjectEvaluation(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation",
                                   verbose_name=_("project"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("assessment rubric"))
    status = models.CharField(_("status"), max_length=10, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.PANEL, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    total = models.DecimalField(_("total"), null=True, blank=True, **SCORE)
    outcome = models.CharField(_("outcome class"), max_length=20, choices=OutcomeClass.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation of results")
        verbose_name_plural = _("evaluations of results")

    def __str__(self):
        return f"{self.project.reference}: {self.outcome or self.status}"


class ProjectEvaluator(models.Model):
    evaluation = models.ForeignKey(ProjectEvaluation, on_delete=models.CASCADE, related_name="evaluators",
                                   verbose_name=_("evaluation of results"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="project_evaluations",
                               verbose_name=_("expert"))
    status = models.CharField(_("status"), max_length=10, choices=EvaluatorStatus.choices,
                              default=EvaluatorStatus.ASSIGNED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    total = models.DecimalField(_("total"), null=True, blank=True, **SCORE)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        constraints = [models.UniqueConstraint(fields=["evaluation", "expert"], name="project_evaluator_once")]

    def __str__(self):
        return f"{self.evaluation} {self.expert}"


class EvaluationScore(models.Model):
    evaluator = models.ForeignKey(ProjectEvaluator, on_delete=models.CASCADE, related_name="scores",
                                  verbose_name=_("evaluator"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("criterion"))
    points = models.DecimalField(_("points"), **SCORE)
    verdict = models.TextField(_("verbal verdict"))

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "criterion"], name="project_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="project_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
