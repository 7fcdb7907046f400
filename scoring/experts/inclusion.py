"""The inclusion term of the expert register: a daily task marks the inclusions whose term has ended, takes the
expert out of the register (no longer offered for pools nor picked by automatic assignment) and out of the
pools of competitions not yet under review, and tells the expert how to renew. Renewal (an official extends
the term, or the expert applies again and is approved) re-includes them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus
from portal import audit
from portal.accounts.models import ExpertProfile
from portal.audit.phrases import system_reason
from portal.notifications.services import later, notify

from ..enums import ExpertApplicationStatus
from ..models import ExpertApplication, PoolMember
from .selectors import inclusions_to_expire, lapsed_expert_ids

# Pools are left only where the review has not started: a competition under review keeps its experts' work.
BEFORE_REVIEW = (CompetitionStatus.DRAFT, CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED)


@transaction.atomic
def inclusion_expire(*, application, now=None):
    """Mark one ended inclusion expired (idempotent); returns the ids of the competitions whose pools it left,
    or None when there was nothing to do."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    application = ExpertApplication.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    if (application.status != ExpertApplicationStatus.APPROVED or application.expired_at is not None
            or application.valid_until is None or application.valid_until >= today):
        return None
    application.expired_at = now
    application.save(update_fields=["expired_at"])
    reason = system_reason("inclusion_expired", until=application.valid_until.isoformat())
    profile = ExpertProfile.objects.filter(user=application.applicant).first()
    left = []
    if profile is not None and profile.pk in lapsed_expert_ids([profile.pk], today=today):
        if profile.is_active:
            profile.is_active = False
            profile.save(update_fields=["is_active"])
        members = list(PoolMember.objects.filter(expert=profile, competition__status__in=BEFORE_REVIEW)
                       .select_related("competition").order_by("competition_id"))
        for member in members:
            audit.record(actor=None, action="pool.expert_removed", target=member.competition,
                         competition_id=member.competition_id, before={"expert_id": profile.pk}, reason=reason)
            left.append(member.competition_id)
        PoolMember.objects.filter(pk__in=[m.pk for m in members]).delete()
    audit.record(actor=None, action="expert_application.expired", target=application,
                 before={"valid_until": application.valid_until}, after={"pools_left": left}, reason=reason)
    notify(users=[application.applicant], subject=_("Your inclusion in the expert register has ended"),
           body=later(_("Your term in the expert register ended on %(until)s, so you are no longer offered for "
                        "new competitions. Apply again to renew your inclusion."),
                      until=application.valid_until.strftime("%d.%m.%Y")),
           url=reverse("scoring:expert_apply"))
    return left


def inclusions_expire(*, now=None):
    """The daily run: every ended inclusion not yet marked. Returns how many were marked."""
    now = now or timezone.now()
    done = 0
    for application in inclusions_to_expire(today=timezone.localdate(now)):
        if inclusion_expire(application=application, now=now) is not None:
            done += 1
    return done
