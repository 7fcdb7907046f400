"""Writes of the ranking: freezing it into a snapshot, reopening it before publication, publishing results
(the snapshot's ``published_at`` is the record of what the public sees; the audit trail only tells it)."""

import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import members_by_organization
from applications.services import application_transition
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from competitions.services import competition_transition
from competitions.validators import public_language_problems
from portal import audit
from portal.audit.phrases import system_reason
from portal.canonical import canonical_sha256
from portal.errors import DomainError
from portal.notifications.services import notify

from ..enums import MeetingStatus
from ..errors import RankingBlocked
from ..models import CommissionMeeting, RankingSnapshot
from .compute import compute_ranking, divergence_resolution
from .snapshot import snapshot_data


@transaction.atomic
def ranking_freeze(*, competition, actor, divergence_note="", now=None):
    """Freeze the live ranking into a new current ``RankingSnapshot`` and move the competition to ``ranked``."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().select_related("body").get(pk=competition.pk)
    if competition.status != CompetitionStatus.UNDER_REVIEW:
        raise DomainError(_("Only a competition under review can have its ranking frozen."),
                          code="not_under_review")
    ranking = compute_ranking(competition)
    if ranking.blockers:
        raise RankingBlocked(ranking.blockers)
    if not ranking.rows:
        raise DomainError(_("There is nothing to rank: no application has a submitted evaluation."),
                          code="nothing_to_rank")
    divergence_note = (divergence_note or "").strip()
    if not divergence_note and any(divergence_resolution(competition, row) == "accepted_by_official"
                                   for row in ranking.divergent):
        raise DomainError(_("Some expert totals diverge beyond the threshold and no additional expert was "
                            "assigned: explain how these cases were resolved before freezing."),
                          code="divergence_note_required")
    canonical, sha256 = canonical_sha256(snapshot_data(ranking, divergence_note=divergence_note))
    previous = RankingSnapshot.objects.filter(competition=competition, is_current=True).first()
    RankingSnapshot.objects.filter(competition=competition, is_current=True).update(is_current=False)
    number = (RankingSnapshot.objects.filter(competition=competition).aggregate(m=Max("number"))["m"] or 0) + 1
    snapshot = RankingSnapshot.objects.create(
        competition=competition, number=number, data=json.loads(canonical), canonical=canonical, sha256=sha256,
        is_current=True, frozen_by=actor if getattr(actor, "pk", None) else None, frozen_at=now)
    audit.record(actor=actor, action="ranking.frozen", target=snapshot, competition_id=competition.pk,
                 before={"snapshot": previous.number if previous else None,
                         "sha256": previous.sha256 if previous else None},
                 after={"snapshot": number, "sha256": sha256, "ranked": len(ranking.rows),
                        "winners": ranking.summary["winners"]},
                 reason=divergence_note)
    competition_transition(competition=competition, to=CompetitionStatus.RANKED, actor=actor,
                           reason=system_reason("ranking_frozen", number=number, sha256=sha256), now=now)
    return snapshot


@transaction.atomic
def ranking_reopen(*, competition, actor, reason):
    """Unfreeze before publication (ranked -> under_review); the snapshot is kept, a new freeze supersedes it."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening the ranking."), code="reason_required")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.RANKED:
        raise DomainError(_("Only a frozen, unpublished ranking can be reopened."), code="not_ranked")
    return competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=actor,
                                  reason=reason)


@transaction.atomic
def results_publish(*, competition, actor, now=None):
    """Publish the current snapshot: every ranked application gets its outcome and awarded amount."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.RANKED:
        raise DomainError(_("Results can be published only from a frozen ranking."), code="not_ranked")
    snapshot = RankingSnapshot.objects.filter(competition=competition, is_current=True).first()
    if snapshot is None:
        raise DomainError(_("There is no frozen ranking to publish."), code="no_snapshot")
    if not CommissionMeeting.objects.filter(commission__competition=competition, snapshot=snapshot,
                                            status=MeetingStatus.RANKING_APPROVED).exists():
        raise DomainError(_("The commission has not approved this ranking: results are published only after a "
                            "commission meeting approves the frozen ranking."), code="ranking_not_approved")
    missing = public_language_problems(competition)
    if missing:
        raise DomainError(" ".join(str(message) for _field, message in missing), code="languages_missing")
    rows = snapshot.data["rows"]
    applications = Application.objects.select_for_update().in_bulk([r["application_id"] for r in rows])
    reason = system_reason("results_published", number=snapshot.number, sha256=snapshot.sha256)
    for row in rows:
        application = applications[row["application_id"]]
        awarded = Decimal(row["awarded_amount"]) if row["awarded_amount"] is not None else None
        if application.awarded_amount != awarded:
            application.awarded_amount = awarded
            application.save(update_fields=["awarded_amount", "updated_at"])
        if application.status != row["outcome"]:
            application_transition(application=application, to=row["outcome"], actor=actor, reason=reason, now=now,
                                   extra_after={"rank": row["rank"], "final_score": row["final_score"],
                                                "awarded_amount": row["awarded_amount"]})
    snapshot.published_at = now
    snapshot.save(update_fields=["published_at"])
    competition_transition(competition=competition, to=CompetitionStatus.RESULTS_PUBLISHED, actor=actor,
                           reason=reason, now=now)
    audit.record(actor=actor, action="results.published", target=snapshot, competition_id=competition.pk,
                 after={"snapshot": snapshot.number, "sha256": snapshot.sha256, "applications": len(rows)})
    members = members_by_organization({a.organization_id for a in applications.values()})
    for application in applications.values():
        outcome = ApplicationStatus(application.status).label  # lazy: rendered in each reader's language
        notify(users=members[application.organization_id],
               subject=format_lazy(gettext_lazy("Results of competition {reference}: {outcome}"),
                                   reference=competition.reference, outcome=outcome),
               body=format_lazy(gettext_lazy("The results of the competition are published. Your application "
                                             "{number}: {outcome}. You can read the experts' scores and comments, "
                                             "and appeal within {days} working days."),
                                number=application.registration_number, outcome=outcome,
                                days=competition.appeal_window_days),
               url=f"/applications/{application.pk}/results/")
    return snapshot
