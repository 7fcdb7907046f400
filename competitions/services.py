from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.errors import check_transition

from .enums import COMPETITION_TRANSITIONS, CompetitionStatus
from .models import Competition
from .signals import competition_status_changed

STATUS_TIMESTAMPS = {
    CompetitionStatus.PUBLISHED: "published_at",
    CompetitionStatus.CLOSED: "closed_at",
    CompetitionStatus.RESULTS_PUBLISHED: "results_published_at",
}


@transaction.atomic
def competition_transition(*, competition, to, actor, reason="", now=None):
    """The only writer of ``Competition.status``."""
    now = now or timezone.now()
    before = competition.status
    check_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=before, to=to)
    competition.status = to
    competition.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if to in STATUS_TIMESTAMPS:
        setattr(competition, STATUS_TIMESTAMPS[to], now)
        fields.append(STATUS_TIMESTAMPS[to])
    if to == CompetitionStatus.CANCELLED:
        competition.cancellation_reason = reason
        fields.append("cancellation_reason")
    competition.save(update_fields=fields)
    audit.record(actor=actor, action=f"competition.{to}", target=competition, competition_id=competition.pk,
                 before={"status": before}, after={"status": to}, reason=reason)
    competition_status_changed.send(sender=Competition, competition=competition, before=before, to=to, actor=actor)
    return competition


@transaction.atomic
def competition_close_if_due(*, competition, now=None):
    """Close one competition whose window has ended. Safe to call any number of times."""
    now = now or timezone.now()
    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    if locked.status != CompetitionStatus.PUBLISHED or locked.closes_at > now:
        return False
    competition_transition(competition=locked, to=CompetitionStatus.CLOSED, actor=None,
                           reason="deadline reached", now=now)
    competition.status, competition.closed_at = locked.status, locked.closed_at
    competition.status_changed_at = locked.status_changed_at
    return True


def competitions_close_due(*, now=None):
    """Beat task body: close every published competition past ``closes_at``; returns how many closed."""
    now = now or timezone.now()
    due = Competition.objects.filter(status=CompetitionStatus.PUBLISHED, closes_at__lte=now)
    return sum(competition_close_if_due(competition=c, now=now) for c in due)


# ------------------------------------------------------------------------------------------------
# Applicants ask questions (accounts helper); officials answer with clarification_answer.
# ------------------------------------------------------------------------------------------------

QUESTION_MAX_LENGTH = 4000


@transaction.atomic
def clarification_ask(*, competition, organization, question, actor, now=None):
    """A member of an NGO asks about an open competition; the question stays hidden until answered."""
    from django.core.exceptions import PermissionDenied
    from django.urls import NoReverseMatch, reverse
    from django.utils.translation import gettext_lazy as _

    from portal.accounts.models import Membership, User
    from portal.errors import DomainError
    from portal.notifications.services import notify

    from .models import Clarification

    now = now or timezone.now()
    if organization is None or not Membership.objects.filter(user=actor, organization=organization).exists():
        raise PermissionDenied(_("Only members of an organisation can ask questions."))
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.is_open_at(now):
        raise DomainError(_("Questions can be asked only while the competition is open for applications."),
                          code="competition_not_open")
    question = (question or "").strip()
    if not question:
        raise DomainError(_("Write your question."), code="question_empty")
    if len(question) > QUESTION_MAX_LENGTH:
        raise DomainError(_("A question can be at most %(limit)d characters long.") % {"limit": QUESTION_MAX_LENGTH},
                          code="question_too_long")
    clarification = Clarification.objects.create(competition=competition, organization=organization,
                                                 asked_by=actor, question=question)
    audit.record(actor=actor, action="clarification.asked", target=clarification, competition_id=competition.pk,
                 after={"question": question, "organization_id": organization.pk},
                 label=f"{competition.reference} Q{clarification.pk}")
    officials = User.objects.filter(official_memberships__body_id=competition.body_id, is_active=True).distinct()
    try:
        url = reverse("manage:answer", kwargs={"reference": competition.reference, "pk": clarification.pk})
    except NoReverseMatch:
        url = reverse("competitions:detail", kwargs={"reference": competition.reference})
    notify(users=list(officials),
           subject=_("New question on %(reference)s") % {"reference": competition.reference},
           body=question, url=url)
    return clarification
