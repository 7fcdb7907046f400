from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message; the same text also goes out by e-mail (through the outbox)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("user"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.subject


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One side effect (an e-mail to one recipient, a background job...) written in the same transaction as the
    change that causes it, and carried out by the dispatcher after the commit.

    ``key`` is unique: one row per (event, channel, recipient), so a side effect is recorded once however often
    the code that records it runs. ``lease_token``/``lease_until`` mark a row a dispatcher is working on; a
    dispatcher that died leaves a lease that expires, and the row is taken up again.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("notification"))
    address = models.CharField(_("address"), max_length=254, help_text=_(
        "Where it goes: an e-mail address, a phone number, or the name of a background job."))
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    sensitive = models.BooleanField(_("sensitive"), default=False, help_text=_(
        "The text holds a secret (e.g. a sign-in link): it is erased once the message is sent."))
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices,
                              default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    available_at = models.DateTimeField(_("due at"), default=timezone.now)
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    lease_token = models.CharField(_("lease"), max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "available_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.channel} → {self.address} ({self.key})"


class ChannelLink(models.Model):
    """A user's address on a messaging channel (SMS: a phone number; Telegram: a chat id), proven by a one-time
    code: the code sent by SMS and typed back, or the code the user sends to the bot (``/start <code>``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_links",
                             verbose_name=_("user"))
    channel = models.CharField(_("channel"), max_length=20)
    address = models.CharField(_("address"), max_length=64, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    code_hash = models.CharField(_("code (hashed)"), max_length=64, blank=True, db_index=True)
    code_expires_at = models.DateTimeField(_("code expires at"), null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["user_id", "channel"]
        verbose_name = _("channel link")
        verbose_name_plural = _("channel links")
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="one_link_per_channel")]

    def __str__(self):
        return f"{self.channel}: {self.address or '-'}"

    @property
    def is_verified(self):
        return self.verified_at is not None and bool(self.address)


class ChannelPreference(models.Model):
    """Opt-in: the user wants notifications of ``kind`` on ``channel`` (a row per choice; none means no)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="channel_preferences", verbose_name=_("user"))
    channel = models.CharField(_("channel"), max_length=20)
    kind = models.CharField(_("kind of notification"), max_length=30)

    class Meta:
        ordering = ["user_id", "channel", "kind"]
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [models.UniqueConstraint(fields=["user", "channel", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.channel}/{self.kind}"
