from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One decision-relevant write. ``hash = sha256(prev_hash + canonical JSON of this event)``.

    Rows are only ever appended by ``portal.audit.services.record``; the chain makes any later edit,
    deletion or reordering visible to ``manage.py verify_audit``.
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=80)
    target_id = models.CharField(_("object id"), max_length=40)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    scope = models.CharField(
        _("scope"), max_length=80, db_index=True, blank=True,
        help_text=_("The competition the event belongs to, as 'competition:<id>'."),
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(max_length=64, verbose_name=_("previous hash"))
    hash = models.CharField(max_length=64, unique=True, verbose_name=_("hash"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """A single row locked by every writer, so events are appended one at a time on any database."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH, verbose_name=_("last hash"))
    last_event_id = models.BigIntegerField(null=True, verbose_name=_("last event"))

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
