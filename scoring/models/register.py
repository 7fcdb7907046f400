"""The open expert register: applications to it (vetting, the inclusion term), calibration exercises and
attempts, fees per evaluation and the acts of completed work."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.accounts.models import ExpertProfile
from portal.multilingual import localized
from portal.reference.models import PriorityArea, Region

from ..enums import ExpertApplicationStatus, NominationSource, PaymentStatus
from .rubrics import Rubric


def expert_cv_path(instance, filename):
    return f"experts/cv/{uuid.uuid4().hex}"


class ExpertApplication(models.Model):
    """A person's application to the expert register (open call), vetted by an official."""

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="expert_applications", verbose_name=_("applicant"))
    full_name = models.CharField(_("full name"), max_length=200)
    cv = models.FileField(_("CV"), upload_to=expert_cv_path)
    cv_name = models.CharField(_("file name"), max_length=255, blank=True)
    cv_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    qualifications = models.TextField(_("qualifications and experience"))
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"))
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True)
    languages = models.JSONField(_("working languages"), default=list)
    nomination_source = models.CharField(_("nominated by"), max_length=10, choices=NominationSource.choices,
                                         default=NominationSource.SELF)
    nominating_bin = models.CharField(_("BIN of the nominating NGO"), max_length=12, blank=True)
    code_of_conduct_accepted_at = models.DateTimeField(_("code of conduct accepted at"))
    status = models.CharField(_("status"), max_length=10, choices=ExpertApplicationStatus.choices,
                              default=ExpertApplicationStatus.SUBMITTED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    valid_until = models.DateField(_("included until"), null=True, blank=True)
    expired_at = models.DateTimeField(_("inclusion expired at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application to the expert register")
        verbose_name_plural = _("applications to the expert register")
        constraints = [
            models.UniqueConstraint(fields=["applicant"], condition=Q(status="submitted"),
                                    name="expert_application_one_pending"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_status_display()})"


class CalibrationExercise(models.Model):
    """A reference application with reference scores per criterion of a rubric (keyed by criterion order)."""

    title = models.CharField(_("title"), max_length=300)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="calibration_exercises",
                               verbose_name=_("rubric"))
    application_text = models.TextField(_("reference application"))
    reference_scores = models.JSONField(_("reference scores"), default=dict)  # {"1": "7", "2": "4.5"}
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calibration exercise")
        verbose_name_plural = _("calibration exercises")

    def __str__(self):
        return self.title


class CalibrationAttempt(models.Model):
    exercise = models.ForeignKey(CalibrationExercise, on_delete=models.CASCADE, related_name="attempts",
                                 verbose_name=_("calibration exercise"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="calibration_attempts",
                               verbose_name=_("expert"))
    scores = models.JSONField(_("scores"), default=dict)
    deviations = models.JSONField(_("deviation per criterion"), default=dict)
    mean_abs_deviation = models.DecimalField(_("mean absolute deviation"), max_digits=8, decimal_places=3)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("calibration attempt")
        verbose_name_plural = _("calibration attempts")


class ExpertFee(models.Model):
    """The fee per evaluation set by the body for a competition."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="expert_fee",
                                       verbose_name=_("competition"))
    amount_per_evaluation = models.DecimalField(_("fee per evaluation, KZT"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("expert fee")
        verbose_name_plural = _("expert fees")


class CompletionAct(models.Model):
    """The act of completed work of one expert in one competition: evaluations, fee, payment status, PDF."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="completion_acts",
                                    verbose_name=_("competition"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="completion_acts",
                               verbose_name=_("expert"))
    evaluations = models.PositiveIntegerField(_("evaluations submitted"))
    amount = models.DecimalField(_("amount, KZT"), max_digits=14, decimal_places=2)
    payment_status = models.CharField(_("payment status"), max_length=5, choices=PaymentStatus.choices,
                                      default=PaymentStatus.DUE)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    file = models.FileField(_("act (Kazakh and Russian)"), upload_to="acts/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the act"), max_length=64, blank=True)
    file_kk = models.FileField(_("act (Kazakh)"), upload_to="acts/", blank=True)  # acts issued before 2026-12
    file_ru = models.FileField(_("act (Russian)"), upload_to="acts/", blank=True)  # carried one language per file
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["competition", "expert"]
        verbose_name = _("act of completed work")
        verbose_name_plural = _("acts of completed work")
        constraints = [models.UniqueConstraint(fields=["competition", "expert"], name="act_once_per_expert")]


class CourseSection(models.Model):
    """A section of the methodology course of onboarding: text in the three languages, edited in admin."""

    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_kk = models.TextField(_("text (Kazakh)"))
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("course section")
        verbose_name_plural = _("course sections")

    def __str__(self):
        return f"{self.order}. {self.title_ru or self.title_kk}"

    @property
    def title(self):
        return localized(self, "title")

    @property
    def body(self):
        return localized(self, "body")


class CourseQuestion(models.Model):
    """A quiz question of the methodology course: options ``[{"kk": ..., "ru": ..., "en": ...}, ...]`` and the
    position (from 0) of the right one."""

    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text_kk = models.TextField(_("question (Kazakh)"))
    text_ru = models.TextField(_("question (Russian)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    options = models.JSONField(_("options"), default=list)
    correct = models.PositiveSmallIntegerField(_("right option (from 0)"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("course question")
        verbose_name_plural = _("course questions")

    def __str__(self):
        return f"{self.order}. {self.text_ru or self.text_kk}"[:80]


class CourseCompletion(models.Model):
    """The methodology course completed by an expert: recorded on their register entry (date and score)."""

    expert = models.OneToOneField(ExpertProfile, on_delete=models.CASCADE, related_name="course_completion",
                                  verbose_name=_("expert"))
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score, %"))
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")

    def __str__(self):
        return f"{self.expert} {self.score}%"
