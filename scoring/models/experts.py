"""The expert register's invitations and each competition's pool of experts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.accounts.models import ExpertProfile, GovernmentBody


class ExpertInvitation(models.Model):
    """An invitation to join the expert register; the link carries a signed token of this row's id."""

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    body = models.ForeignKey(GovernmentBody, verbose_name=_("inviting body"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")

    def __str__(self):
        return self.email

    def is_pending_at(self, moment):
        return self.accepted_at is None and self.expires_at > moment


class PoolMember(models.Model):
    """An expert chosen for a competition's pool; reserve experts fill slots freed by recusals."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="pool_members",
                                    verbose_name=_("competition"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="pool_memberships",
                               verbose_name=_("expert"))
    is_reserve = models.BooleanField(_("reserve"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        ordering = ["competition", "is_reserve", "expert__user__email"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [models.UniqueConstraint(fields=["competition", "expert"], name="pool_member_unique")]

    def __str__(self):
        return f"{self.expert} in {self.competition.reference}"
