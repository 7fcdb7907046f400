"""The plan of topics of a body for a budget year, proposals from the public, the discussion, versions."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import GovernmentBody, Organization
from portal.councils.models import Council
from portal.multilingual import localized
from portal.reference.models import PriorityArea, Region

from .enums import AnswerOutcome, CommentStatus, EvidenceKind, PlanStatus, ProposalStatus

MONEY = {"max_digits": 16, "decimal_places": 2}


_localized = localized  # kk -> ru -> en after the reader's language (portal.multilingual)


class Plan(models.Model):
    body = models.ForeignKey(GovernmentBody, verbose_name=_("government body"), on_delete=models.PROTECT,
                             related_name="plans")
    year = models.PositiveSmallIntegerField(_("budget year"), validators=[MinValueValidator(2000),
                                                                          MaxValueValidator(2100)])
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("about the plan"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    proposals_until = models.DateField(_("proposals accepted until"), null=True, blank=True)
    discussion_starts_on = models.DateField(_("public discussion from"), null=True, blank=True)
    discussion_ends_on = models.DateField(_("public discussion until"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    current_version = models.PositiveSmallIntegerField(_("current version"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("plan of topics")
        verbose_name_plural = _("plans of topics")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="plan_one_per_body_and_year"),
            models.CheckConstraint(
                condition=Q(discussion_starts_on__isnull=True) | Q(discussion_ends_on__isnull=True)
                | Q(discussion_ends_on__gt=models.F("discussion_starts_on")),
                name="plan_discussion_dates_ordered"),
            models.CheckConstraint(condition=~Q(status=PlanStatus.APPROVED) | Q(current_version__gte=1),
                                   name="plan_approved_has_a_version"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return _localized(self, "title") or _("Plan of topics for %(year)s") % {"year": self.year}


class PlanItem(models.Model):
    """One topic of the plan: what is to be funded, for whom, where, how much, on what legal basis."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan of topics"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    priority_area = models.ForeignKey(PriorityArea, verbose_name=_("priority area"), on_delete=models.PROTECT,
                                      related_name="+")
    topic_kk = models.CharField(_("topic (Kazakh)"), max_length=300, blank=True)
    topic_ru = models.CharField(_("topic (Russian)"), max_length=300, blank=True)
    topic_en = models.CharField(_("topic (English)"), max_length=300, blank=True)
    target_group = models.TextField(_("target group"))
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="+")
    amount = models.DecimalField(_("amount, KZT"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    term_years = models.PositiveSmallIntegerField(_("term, years"), default=1,
                                                  validators=[MinValueValidator(1), MaxValueValidator(3)])
    expected_results = models.TextField(_("expected results"))
    indicators = models.TextField(_("indicators"), blank=True)
    legal_act = models.CharField(_("legal basis: act"), max_length=300)
    legal_act_number = models.CharField(_("legal basis: number"), max_length=60, blank=True)
    legal_act_date = models.DateField(_("legal basis: date"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_item_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_item_amount_positive"),
            models.CheckConstraint(condition=Q(term_years__gte=1, term_years__lte=3), name="plan_item_term_years"),
            models.CheckConstraint(condition=~Q(topic_kk="", topic_ru="", topic_en=""), name="plan_item_has_a_topic"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                                   name="plan_item_withdrawal_has_reason"),
        ]

    def __str__(self):
        return f"{self.number}. {self.topic}"

    @property
    def topic(self):
        return _localized(self, "topic")

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class TopicProposal(models.Model):
    """A topic proposed by an NGO or a citizen while the plan is open for proposals."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan of topics"), on_delete=models.CASCADE,
                             related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="topic_proposals")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    priority_area = models.ForeignKey(PriorityArea, verbose_name=_("priority area"), on_delete=models.PROTECT,
                                      related_name="+")
    topic = models.CharField(_("topic"), max_length=300)
    justification = models.TextField(_("the need and its evidence"))
    target_group = models.TextField(_("target group"), blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="+", blank=True)
    suggested_amount = models.DecimalField(_("suggested amount, KZT"), null=True, blank=True,
                                           validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="source_proposals")

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        constraints = [
            models.CheckConstraint(condition=Q(status=ProposalStatus.SUBMITTED) | ~Q(decision_reason=""),
                                   name="proposal_decision_has_reason"),
            models.CheckConstraint(
                condition=~Q(status__in=[ProposalStatus.ACCEPTED, ProposalStatus.MERGED]) | Q(item__isnull=False),
                name="proposal_accepted_or_merged_has_item"),
        ]

    def __str__(self):
        return self.topic


def evidence_path(instance, filename):
    return f"planning/evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """The needs evidence of a plan item or a proposal: uploaded statistics, a link, an earlier project's outcome."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="evidence")
    proposal = models.ForeignKey(TopicProposal, verbose_name=_("topic proposal"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("needs evidence")
        verbose_name_plural = _("needs evidence")
        constraints = [
            models.CheckConstraint(condition=Q(item__isnull=True, proposal__isnull=False)
                                   | Q(item__isnull=False, proposal__isnull=True), name="evidence_has_one_owner"),
            models.CheckConstraint(condition=~Q(url="", file=""), name="evidence_has_a_link_or_a_file"),
        ]

    def __str__(self):
        return self.title


class DiscussionComment(models.Model):
    """A comment in the public discussion of a draft plan (on the whole plan or on one item)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan of topics"), on_delete=models.CASCADE,
                             related_name="comments")
    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="plan_comments")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    council = models.ForeignKey(Council, verbose_name=_("as a member of the public council"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices,
                              default=CommentStatus.SUBMITTED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    answer_outcome = models.CharField(_("answer"), max_length=15, choices=AnswerOutcome.choices, blank=True)
    answer_text = models.TextField(_("reason for the answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("discussion comment")
        verbose_name_plural = _("discussion comments")
        constraints = [
            models.CheckConstraint(condition=~Q(status=CommentStatus.HIDDEN) | ~Q(moderation_reason=""),
                                   name="comment_hidden_has_reason"),
            models.CheckConstraint(condition=Q(answered_at__isnull=True) | Q(status=CommentStatus.PUBLISHED),
                                   name="comment_answered_only_when_published"),
            models.CheckConstraint(condition=Q(answered_at__isnull=True) | (~Q(answer_outcome="") & ~Q(answer_text="")),
                                   name="comment_answer_is_complete"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_answered(self):
        return self.answered_at is not None


class PlanVersion(models.Model):
    """The approved plan as it stood after approval (No. 1) and after each later change, with the reason."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan of topics"), on_delete=models.CASCADE,
                             related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason"))
    snapshot = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="plan_version_has_reason"),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"
