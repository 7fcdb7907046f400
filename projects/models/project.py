"""A Project: born from a winner (or an accepted reserve) of published results, from the frozen application
snapshot (activities, indicators with a target per year, budget lines per year, team)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import BudgetCategory
from applications.models import Application
from competitions.models import MONEY, Competition
from portal.accounts.models import Organization

from ..enums import ProjectStatus

QUANTITY = {"max_digits": 14, "decimal_places": 2}


class Project(models.Model):
    application = models.OneToOneField(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                       related_name="project")
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.PROTECT,
                                    related_name="projects")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="projects")
    reference = models.CharField(_("reference"), max_length=50, unique=True)
    title = models.CharField(_("project title"), max_length=300)
    rank = models.PositiveIntegerField(_("rank in the frozen ranking"))
    from_reserve = models.BooleanField(_("offered from the reserve"), default=False)
    snapshot = models.JSONField(_("application snapshot"), editable=False)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, editable=False)
    team = models.TextField(_("project team"), blank=True)
    years = models.JSONField(_("budget years"), default=list, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.AWARDED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    curator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("curator"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="curated_projects")

    awarded_amount = models.DecimalField(_("awarded amount, KZT"), **MONEY)
    funded_amount = models.DecimalField(_("funded amount, KZT"), null=True, blank=True, **MONEY)
    funding_reason = models.TextField(_("reason for the lower amount"), blank=True)
    sign_deadline = models.DateField(_("sign by"), null=True, blank=True)
    starts_on = models.DateField(_("project start"), null=True, blank=True)
    ends_on = models.DateField(_("project end"), null=True, blank=True)

    unspent_declared = models.DecimalField(_("unspent money declared, KZT"), null=True, blank=True, **MONEY)
    returned_amount = models.DecimalField(_("money returned, KZT"), null=True, blank=True, **MONEY)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_document = models.CharField(_("return payment document"), max_length=100, blank=True)
    recover_amount = models.DecimalField(_("amount to recover, KZT"), null=True, blank=True, **MONEY)
    end_reason = models.TextField(_("reason (declined or terminated)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    lost_in_results_at = models.DateTimeField(_("no longer a winner in re-published results since"), null=True,
                                              blank=True)

    class Meta:
        ordering = ["competition_id", "rank", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=Q(awarded_amount__gt=0), name="project_awarded_positive"),
            models.CheckConstraint(
                condition=Q(funded_amount__isnull=True)
                | (Q(funded_amount__gt=0) & Q(funded_amount__lte=models.F("awarded_amount"))),
                name="project_funded_within_awarded"),
            models.CheckConstraint(condition=Q(returned_amount__isnull=True) | Q(returned_amount__gte=0),
                                   name="project_returned_not_negative"),
        ]
        indexes = [models.Index(fields=["competition", "status"]), models.Index(fields=["organization", "status"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def amount(self):
        """What the project receives: the lower funded amount when one was set, else the ranking's amount."""
        return self.funded_amount if self.funded_amount is not None else self.awarded_amount

    @property
    def is_multi_year(self):
        return len(self.years) > 1


class ProjectActivity(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities",
                                verbose_name=_("project"))
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    expected_result = models.CharField(_("expected result"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title


class ProjectIndicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("project"))
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), default=Decimal("0"), **QUANTITY)
    target = models.DecimalField(_("target"), **QUANTITY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class ProjectIndicatorTarget(models.Model):
    """The target of an indicator for one budget year (multi-year projects)."""

    indicator = models.ForeignKey(ProjectIndicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    baseline = models.DecimalField(_("baseline"), default=Decimal("0"), **QUANTITY)
    target = models.DecimalField(_("target"), **QUANTITY)

    class Meta:
        ordering = ["year"]
        verbose_name = _("indicator target per year")
        verbose_name_plural = _("indicator targets per year")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_once_a_year")]

    def __str__(self):
        return f"{self.indicator} {self.year}"


class ProjectBudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines",
                                verbose_name=_("project"))
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    amount = models.DecimalField(_("amount, KZT"), **MONEY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["year", "order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="project_budget_line_not_negative")]

    def __str__(self):
        return self.description
