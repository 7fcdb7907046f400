"""Applicants hear about what officials do to the competition (competitions cannot import applications)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from competitions.signals import competition_cancelled, competition_deadline_extended
from portal.accounts.models import Membership
from portal.notifications.services import notify

from .enums import ApplicationStatus

_lazy_format = lazy(lambda template, params: gettext(template) % params, str)
# Who hears about a deadline extension: whoever is still working on or has handed in a bid.
EXTENSION_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED)


def _applicant_users(competition, *, statuses=None):
    applications = competition.applications.all()
    if statuses is not None:
        applications = applications.filter(status__in=statuses)
    return [m.user for m in Membership.objects.filter(
        organization_id__in=applications.values("organization_id"), user__is_active=True).select_related("user")]


@receiver(competition_deadline_extended)
def notify_applicants_of_extension(sender, competition, before, after, reason, actor, **kwargs):
    params = {"reference": competition.reference, "reason": reason,
              "before": date_format(timezone.localtime(before), "d.m.Y H:i"),
              "after": date_format(timezone.localtime(after), "d.m.Y H:i")}
    notify(users=_applicant_users(competition, statuses=EXTENSION_STATUSES),
           subject=_lazy_format(gettext_noop("Deadline of competition %(reference)s extended"), params),
           body=_lazy_format(gettext_noop("Applications to competition %(reference)s now close at %(after)s "
                                          "(Astana time) instead of %(before)s.\nReason: %(reason)s"), params),
           url=reverse("competitions:detail", kwargs={"reference": competition.reference}))


@receiver(competition_cancelled)
def notify_applicants_of_cancellation(sender, competition, reason, actor, **kwargs):
    params = {"reference": competition.reference, "reason": reason}
    notify(users=_applicant_users(competition),
           subject=_lazy_format(gettext_noop("Competition %(reference)s was cancelled"), params),
           body=_lazy_format(gettext_noop("Competition %(reference)s was cancelled.\nReason: %(reason)s"), params),
           url=reverse("competitions:detail", kwargs={"reference": competition.reference}))
