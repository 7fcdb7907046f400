import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models import PlanItem
from portal.accounts.models import GovernmentBody, Organization
from portal.multilingual import localized
from portal.reference.models import PriorityArea, Region

from .enums import (
    DEFAULT_TIE_BREAKS,
    AggregationMethod,
    CompetitionDocumentKind,
    CompetitionKind,
    CompetitionStatus,
    DocumentType,
    TermType,
    WinnerRule,
)

MONEY = {"max_digits": 16, "decimal_places": 2}
POSITIVE_MONEY = MinValueValidator(Decimal("0.01"), _("The amount must be greater than zero."))
NOT_NEGATIVE = MinValueValidator(Decimal("0"), _("The value cannot be negative."))


_localized = localized  # kk -> ru -> en after the reader's language (portal.multilingual)


class Competition(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=CompetitionKind.choices)
    body = models.ForeignKey(GovernmentBody, verbose_name=_("government body"), on_delete=models.PROTECT,
                             related_name="competitions")
    status = models.CharField(_("status"), max_length=20, choices=CompetitionStatus.choices,
                              default=CompetitionStatus.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    priority_area = models.ForeignKey(PriorityArea, verbose_name=_("priority area"), on_delete=models.PROTECT,
                                      related_name="competitions")
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="competitions")
    term_type = models.CharField(_("grant term"), max_length=10, choices=TermType.choices, default=TermType.SHORT)
    project_starts_on = models.DateField(_("project start"), null=True, blank=True)
    project_ends_on = models.DateField(_("project end"), null=True, blank=True)
    project_years = models.JSONField(_("budget years"), default=list, blank=True,
                                     help_text=_("For multi-year projects: the calendar years with a budget."))

    total_budget = models.DecimalField(_("total budget, KZT"), validators=[POSITIVE_MONEY], **MONEY)
    min_amount = models.DecimalField(_("minimum amount per application, KZT"), validators=[NOT_NEGATIVE], **MONEY)
    max_amount = models.DecimalField(_("maximum amount per application, KZT"), validators=[POSITIVE_MONEY], **MONEY)
    planned_grants = models.PositiveIntegerField(
        _("planned number of grants"), default=1,
        validators=[MinValueValidator(1, _("Plan at least one grant."))])
    max_applications_per_organization = models.PositiveSmallIntegerField(
        _("applications allowed per organisation"), default=1)

    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    evaluation_deadline = models.DateField(_("evaluation deadline"), null=True, blank=True)

    # Eligibility.
    requires_ngo_database = models.BooleanField(_("applicant must be in the NGO database"), default=True)
    min_organization_age_months = models.PositiveSmallIntegerField(_("minimum age of the organisation, months"),
                                                                   default=0)
    restrict_to_regions = models.BooleanField(_("only organisations registered in the competition's regions"),
                                              default=False)
    exclude_bankrupt = models.BooleanField(_("exclude bankrupt organisations"), default=True)
    exclude_in_liquidation = models.BooleanField(_("exclude organisations in liquidation"), default=True)

    # Scoring configuration; the rubric itself lives in scoring and belongs to the competition.
    experts_per_application = models.PositiveSmallIntegerField(
        _("experts per application"), default=2, validators=[MinValueValidator(1), MaxValueValidator(15)])
    divergence_threshold_percent = models.DecimalField(
        _("divergence threshold (per cent of the higher total)"), max_digits=5, decimal_places=2, default=Decimal("30"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    auto_add_expert_on_divergence = models.BooleanField(_("add an expert automatically on divergence"),
                                                        default=False)
    aggregation = models.CharField(_("aggregation method"), max_length=20, choices=AggregationMethod.choices,
                                   default=AggregationMethod.MEAN)
    pass_threshold = models.DecimalField(_("pass threshold (rubric units)"), max_digits=10, decimal_places=2,
                                         validators=[NOT_NEGATIVE],
                                         default=Decimal("0"))
    winner_rule = models.CharField(_("winner rule"), max_length=20, choices=WinnerRule.choices,
                                   default=WinnerRule.BUDGET)
    tie_breaks = models.JSONField(_("tie-break chain"), default=list, blank=True)
    blind_review = models.BooleanField(_("blind review (experts do not see the applicant)"), default=False)
    require_outside_region_expert = models.BooleanField(
        _("at least one expert from outside the applicant's region"), default=False)
    appeal_window_days = models.PositiveSmallIntegerField(_("appeal window, working days"), default=3)
    # The plan item the competition implements (created from it, pre-filled); kept for the plan execution view.
    plan_item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="competitions")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.CheckConstraint(condition=Q(min_amount__gte=0), name="competition_min_amount_not_negative"),
            models.CheckConstraint(condition=Q(min_amount__lte=F("max_amount")), name="competition_min_le_max"),
            models.CheckConstraint(condition=Q(max_amount__lte=F("total_budget")), name="competition_max_le_budget"),
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="competition_opens_before_closes"),
            models.CheckConstraint(condition=Q(planned_grants__gte=1), name="competition_planned_grants_positive"),
            models.CheckConstraint(
                condition=Q(project_starts_on__isnull=True) | Q(project_ends_on__isnull=True)
                | Q(project_starts_on__lt=F("project_ends_on")),
                name="competition_project_dates_ordered"),
            models.CheckConstraint(condition=~Q(title_kk="", title_ru="", title_en=""),
                                   name="competition_has_a_title"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def title(self):
        return _localized(self, "title")

    @property
    def description(self):
        return _localized(self, "description")

    def is_open_at(self, moment):
        return self.status == CompetitionStatus.PUBLISHED and self.opens_at <= moment < self.closes_at

    def status_at(self, moment):
        """The status a reader sees at ``moment``: a published competition whose deadline has passed is closed,
        whether or not the beat task has written that yet (reads never write it)."""
        if self.status == CompetitionStatus.PUBLISHED and self.closes_at <= moment:
            return CompetitionStatus.CLOSED
        return self.status

    @property
    def effective_status(self):
        return self.status_at(timezone.now())

    def get_effective_status_display(self):
        return CompetitionStatus(self.effective_status).label

    @property
    def is_open(self):
        return self.is_open_at(timezone.now())

    @property
    def is_upcoming(self):
        return self.status == CompetitionStatus.PUBLISHED and timezone.now() < self.opens_at

    @property
    def is_multi_year(self):
        return self.term_type == TermType.LONG or len(self.project_years or []) > 1

    @property
    def tie_break_chain(self):
        return self.tie_breaks or list(DEFAULT_TIE_BREAKS)


class RequiredDocument(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="required_documents",
                                    verbose_name=_("competition"))
    document_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    note = models.CharField(_("note for applicants"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [models.UniqueConstraint(fields=["competition", "document_type"],
                                               name="required_document_unique_type")]

    def __str__(self):
        return self.get_document_type_display()


def competition_document_path(instance, filename):
    return f"competitions/{instance.competition_id}/{uuid.uuid4().hex}"


class CompetitionDocument(models.Model):
    """A public document of the competition (terms of reference, form templates)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="documents",
                                    verbose_name=_("competition"))
    kind = models.CharField(_("kind"), max_length=20, choices=CompetitionDocumentKind.choices,
                            default=CompetitionDocumentKind.TERMS_OF_REFERENCE)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=competition_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("competition document")
        verbose_name_plural = _("competition documents")

    def __str__(self):
        return self.title


class Clarification(models.Model):
    """A question from an applicant and the official answer, published to everyone with the asker hidden."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="clarifications",
                                    verbose_name=_("competition"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("asked by"))
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("organisation"))
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        constraints = [
            models.CheckConstraint(condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                                   name="clarification_answered_has_text"),
        ]

    def __str__(self):
        return self.question[:80]

    @property
    def is_published(self):
        return self.answered_at is not None
