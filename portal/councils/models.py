"""Public councils at government bodies, their members and the final documents they record on any object."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import GovernmentBody
from portal.multilingual import localized

from .enums import CouncilDocumentKind, CouncilDocumentStatus, CouncilRole


class Council(models.Model):
    """The public council of a government body or akimat."""

    body = models.ForeignKey(GovernmentBody, verbose_name=_("government body"), on_delete=models.PROTECT,
                             related_name="councils")
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("about the council"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name_ru", "id"]
        verbose_name = _("public council")
        verbose_name_plural = _("public councils")

    @property
    def name(self):
        return localized(self, "name")

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    """A member of a council; every member is also an observer of the council's body."""

    council = models.ForeignKey(Council, verbose_name=_("public council"), on_delete=models.CASCADE,
                                related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="council_memberships")
    role = models.CharField(_("role"), max_length=10, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["council", "role", "user__full_name", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_unique"),
            models.UniqueConstraint(fields=["council"], condition=Q(role=CouncilRole.CHAIR),
                                    name="council_one_chair"),
            models.UniqueConstraint(fields=["council"], condition=Q(role=CouncilRole.SECRETARY),
                                    name="council_one_secretary"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.council})"


def council_document_path(instance, filename):
    return f"councils/{instance.council_id}/{uuid.uuid4().hex}"


class CouncilDocument(models.Model):
    """A recommendation, conclusion or hearing protocol on a plan, a competition or (later) a project."""

    council = models.ForeignKey(Council, verbose_name=_("public council"), on_delete=models.PROTECT,
                                related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=CouncilDocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    target_type = models.ForeignKey(ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT,
                                    related_name="+")
    target_id = models.PositiveBigIntegerField(_("subject id"))
    target = GenericForeignKey("target_type", "target_id")
    # Kept as filed, so lists show the subject without loading it (a competition's reference never changes).
    target_label = models.CharField(_("subject"), max_length=300)
    target_url = models.CharField(_("subject page"), max_length=300, blank=True)

    file = models.FileField(_("file"), upload_to=council_document_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=CouncilDocumentStatus.choices,
                              default=CouncilDocumentStatus.FILED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    answer_due_on = models.DateField(_("answer due by"), null=True, blank=True)
    answer_text = models.TextField(_("the body's answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("council document")
        verbose_name_plural = _("council documents")
        indexes = [models.Index(fields=["target_type", "target_id"], name="council_document_target")]
        constraints = [
            models.CheckConstraint(condition=Q(status=CouncilDocumentStatus.FILED) | ~Q(answer_text=""),
                                   name="council_document_answer_has_text"),
            models.CheckConstraint(
                condition=~Q(kind=CouncilDocumentKind.RECOMMENDATION) | Q(answer_due_on__isnull=False),
                name="council_recommendation_has_deadline"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def is_overdue_on(self, day):
        """Unanswered after its working-day deadline (the deadline day itself still counts as on time)."""
        return (self.status == CouncilDocumentStatus.FILED and self.answer_due_on is not None
                and day > self.answer_due_on)

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())
