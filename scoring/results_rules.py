"""Object permissions of the ranking, reports, results and appeals (imported from ScoringConfig.ready)."""

import rules
from django.utils import timezone

from applications.enums import OUTCOMES
from competitions.enums import CompetitionStatus
from portal.accounts.selectors import roles_for_user

from .enums import AppealStatus


def _competition(obj):
    """The competition behind a competition, snapshot, report, application or appeal."""
    for path in ("competition", "snapshot.competition", "application.competition"):
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return obj


@rules.predicate
def manages(user, obj):
    """An official of the competition's body, or an administrator."""
    if obj is None:
        return False
    roles = roles_for_user(user)
    return roles.is_admin or _competition(obj).body_id in roles.official_body_ids


@rules.predicate
def follows(user, obj):
    """An official or observer of the competition's body, or an administrator."""
    if obj is None:
        return False
    roles = roles_for_user(user)
    return roles.is_admin or _competition(obj).body_id in roles.followed_body_ids


@rules.predicate
def is_under_review(user, competition):
    return competition.status == CompetitionStatus.UNDER_REVIEW


@rules.predicate
def is_ranked(user, competition):
    return competition.status == CompetitionStatus.RANKED


@rules.predicate
def is_applicant_member(user, application):
    return application is not None and application.organization_id in roles_for_user(user).organization_ids


@rules.predicate
def results_were_published(user, application):
    return application.competition.results_published_at is not None


@rules.predicate
def appeal_window_open(user, application):
    from .services import appeal_deadline

    competition = application.competition
    if competition.status != CompetitionStatus.RESULTS_PUBLISHED or application.status not in OUTCOMES:
        return False
    deadline = appeal_deadline(competition)
    return deadline is not None and timezone.localdate() <= deadline


@rules.predicate
def has_pending_appeal(user, application):
    return application.appeals.filter(status=AppealStatus.PENDING).exists()


@rules.predicate
def is_pending(user, appeal):
    return appeal.status == AppealStatus.PENDING


rules.add_perm("scoring.view_live_ranking", manages)
rules.add_perm("scoring.freeze_ranking", manages & is_under_review)
rules.add_perm("scoring.reopen_ranking", manages & is_ranked)
rules.add_perm("scoring.publish_results", manages & is_ranked)
rules.add_perm("scoring.view_snapshot", follows)
rules.add_perm("scoring.request_report", manages)
rules.add_perm("scoring.view_report", follows)
rules.add_perm("scoring.retry_report", manages)
rules.add_perm("scoring.view_application_results", (is_applicant_member | follows) & results_were_published)
rules.add_perm("scoring.file_appeal", is_applicant_member & appeal_window_open & ~has_pending_appeal)
rules.add_perm("scoring.view_appeal", follows)
rules.add_perm("scoring.decide_appeal", manages & is_pending)
