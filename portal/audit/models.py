from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditChainHead", "AuditEvent", "PublishedHead"]


class AuditEvent(models.Model):
    """One decision-relevant write: appended by ``record`` (no lock), chained later by the sealer.

    Every value is frozen at insert: the actor is its id and e-mail as plain values, not a link, so deleting
    a user changes nothing here. ``seq``/``prev_hash``/``hash``/``hmac`` are empty until the sealer gives the
    event its place in the chain (see the package docstring).
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True,
                                      help_text=_("The user's id when the event was recorded (kept after the "
                                                  "user is deleted)."))
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
    seq = models.BigIntegerField(_("position in the chain"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, verbose_name=_("previous hash"))
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True, verbose_name=_("hash"))
    hmac = models.CharField(max_length=64, blank=True, verbose_name=_("HMAC"))
    hmac_key_id = models.CharField(max_length=16, blank=True, verbose_name=_("HMAC key id"))
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # The sealer's queue: only the few unsealed rows are in this index.
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_event_unsealed"),
            # The newest sealed event of a competition (its head on the public results page).
            models.Index(fields=["scope", "seq"], name="audit_event_scope_seq"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(seq__isnull=True, hash__isnull=True)
                           | Q(seq__isnull=False, seq__gte=1, hash__isnull=False)),
                name="audit_event_sealed_whole",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"

    @property
    def sealed(self) -> bool:
        return self.seq is not None


class AuditChainHead(models.Model):
    """The one row the sealer locks (never a writer): the newest sealed event, with an HMAC of its own."""

    last_seq = models.BigIntegerField(_("last position"), default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH, verbose_name=_("last hash"))
    last_event_id = models.BigIntegerField(null=True, verbose_name=_("last event"))
    hmac = models.CharField(max_length=64, blank=True, verbose_name=_("HMAC"))
    hmac_key_id = models.CharField(max_length=16, blank=True, verbose_name=_("HMAC key id"))
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")


class PublishedHead(models.Model):
    """The chain head as published (daily) on ``/audit/heads/``: a rewrite after publication cannot match it."""

    published_at = models.DateTimeField(_("published at"), db_index=True)
    seq = models.BigIntegerField(_("position in the chain"), unique=True)
    hash = models.CharField(_("hash"), max_length=64)
    event_id = models.BigIntegerField(_("event"))

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("published chain head")
        verbose_name_plural = _("published chain heads")

    def __str__(self):
        return f"{self.seq} {self.hash}"
