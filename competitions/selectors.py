from django.db.models import F, Q
from django.utils import timezone

from portal.accounts.models import GovernmentBody, User
from portal.accounts.selectors import roles_for_user
from portal.audit.selectors import events_for_scope, scope_of

from .enums import CompetitionStatus
from .models import Clarification, Competition

PUBLIC_STATUSES = frozenset(CompetitionStatus.values) - {CompetitionStatus.DRAFT}


def effectively_q(status, now=None):
    """Competitions whose status a reader sees as ``status`` at ``now`` (``Competition.status_at``): a published
    competition past its deadline counts as closed. Reads never write the close; the beat task does."""
    now = now or timezone.now()
    overdue = Q(status=CompetitionStatus.PUBLISHED, closes_at__lte=now)
    if status == CompetitionStatus.CLOSED:
        return Q(status=CompetitionStatus.CLOSED) | overdue
    if status == CompetitionStatus.PUBLISHED:
        return Q(status=CompetitionStatus.PUBLISHED) & ~overdue
    return Q(status=status)


def competitions_for_user(user):
    """Every competition the user may see: all non-draft ones, plus drafts of the bodies they follow."""
    qs = Competition.objects.select_related("body", "priority_area")
    roles = roles_for_user(user)
    if roles.is_admin:
        return qs
    return qs.filter(Q(status__in=PUBLIC_STATUSES) | Q(body_id__in=roles.followed_body_ids))


def competitions_managed_by(user):
    """Competitions the user may act on as an official (administrators act on all)."""
    roles = roles_for_user(user)
    qs = Competition.objects.select_related("body", "priority_area")
    return qs if roles.is_admin else qs.filter(body_id__in=roles.official_body_ids)


def bodies_acted_for(user):
    """The government bodies the user may act for (``competitions.act_for_body``): officials their bodies,
    administrators every body."""
    roles = roles_for_user(user)
    if roles.is_admin:
        return GovernmentBody.objects.all()
    return GovernmentBody.objects.filter(pk__in=roles.official_body_ids)


def default_body_for(user):
    """The body an official acts for when they name none: their only one, or None (none, or several)."""
    body_ids = roles_for_user(user).official_body_ids
    if len(body_ids) != 1:
        return None
    return GovernmentBody.objects.get(pk=next(iter(body_ids)))


def officials_of(competition):
    """The officials of the competition's body (the people told about its events)."""
    return list(User.objects.filter(official_memberships__body_id=competition.body_id))


def published_clarifications(competition):
    return Clarification.objects.filter(competition=competition, answered_at__isnull=False)


# ------------------------------------------------------------------------------------------------
# Officials' and observers' pages (/manage/): the competitions of the bodies the user works for or observes.
# ------------------------------------------------------------------------------------------------

def competitions_followed_by(user):
    """Drafts included: officials and observers of the body (administrators: all). Others see nothing here.

    The one selector of ``competitions.view_competition_internal``: the /manage/ pages, the review and the
    ranking pages all start from it."""
    roles = roles_for_user(user)
    qs = Competition.objects.select_related("body", "priority_area")
    return qs if roles.is_admin else qs.filter(body_id__in=roles.followed_body_ids)


def clarifications_for_official(user, *, competition=None, unanswered=False):
    roles = roles_for_user(user)
    qs = Clarification.objects.select_related("competition", "competition__body", "answered_by")
    if not roles.is_admin:
        qs = qs.filter(competition__body_id__in=roles.followed_body_ids)
    if competition is not None:
        qs = qs.filter(competition=competition)
    if unanswered:
        qs = qs.filter(answered_at__isnull=True)
    return qs.order_by(F("answered_at").asc(nulls_first=True), "asked_at", "id")


def audit_events_for_competition(competition):
    return events_for_scope(scope_of(competition.pk))
