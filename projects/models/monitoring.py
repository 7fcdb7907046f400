"""Monitoring visits: a checklist from a template (per priority area; a default one ships), findings with
photos, a rating, corrective actions that the organisation answers and the curator closes.
Services and pages: second half of issue 13."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.multilingual import localized
from portal.reference.models import PriorityArea

from ..enums import ActionStatus, ChecklistAnswer, VisitRating, VisitStatus
from .project import Project


class ChecklistTemplate(models.Model):
    title = models.CharField(_("title"), max_length=300)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    priority_area = models.ForeignKey(PriorityArea, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("priority area"))
    is_default = models.BooleanField(_("default template"), default=False)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("monitoring checklist")
        verbose_name_plural = _("monitoring checklists")
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                               name="one_default_checklist")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The title in the reader's language (kk -> ru -> en), else as first written."""
        return localized(self, "title") or self.title


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("monitoring checklist"))
    text = models.CharField(_("question"), max_length=500)
    text_kk = models.CharField(_("question (Kazakh)"), max_length=500, blank=True)
    text_ru = models.CharField(_("question (Russian)"), max_length=500, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The question in the reader's language (kk -> ru -> en), else as first written."""
        return localized(self, "text") or self.text


class MonitoringVisit(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="visits",
                                verbose_name=_("project"))
    template = models.ForeignKey(ChecklistTemplate, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="visits", verbose_name=_("monitoring checklist"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("inspector"))
    planned_on = models.DateField(_("planned on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices,
                              default=VisitStatus.PLANNED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    rating = models.CharField(_("rating"), max_length=20, choices=VisitRating.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["project_id", "planned_on", "id"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self):
        return f"{self.project.reference} {self.planned_on}"


class VisitAnswer(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="answers",
                              verbose_name=_("monitoring visit"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("checklist item"))
    answer = models.CharField(_("answer"), max_length=10, choices=ChecklistAnswer.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="visit_item_answered_once")]

    def __str__(self):
        return f"{self.item}: {self.answer}"


def finding_photo_path(instance, filename):
    return f"monitoring/{instance.visit_id}/{uuid.uuid4().hex}"


class Finding(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="findings",
                              verbose_name=_("monitoring visit"))
    text = models.TextField(_("finding"))
    photo = models.FileField(_("photo"), upload_to=finding_photo_path, blank=True)
    photo_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["visit_id", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.text[:60]


class CorrectiveAction(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="actions",
                              verbose_name=_("monitoring visit"))
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                                verbose_name=_("finding"))
    text = models.TextField(_("corrective action"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              db_index=True)
    answer = models.TextField(_("answer of the organisation"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self):
        return self.text[:60]
