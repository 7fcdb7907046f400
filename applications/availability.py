"""Whether an applicant's action will succeed now, and why not: one function per check, called by the service that
refuses the POST and by the page that offers (or explains the absence of) the button. Each returns a ``Problem``, or
``None`` when nothing stands in the way; a problem's ``code`` is the refusal's code in the service and the API."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus

from .enums import ApplicationStatus
from .validators import Problem, eligibility_problems


def competition_cancelled(competition):
    """The competition was cancelled: none of its applications is reviewed, changed, submitted or withdrawn."""
    if competition.status == CompetitionStatus.CANCELLED:
        return Problem("competition_cancelled", "competition", "", _(
            "The competition was cancelled; applications to it are not reviewed."))
    return None


def start_refusal(*, competition, organization, active_count, now=None):
    """Why ``organization`` may not start one more application: the window, or the number it already has
    (``active_count``: its applications in the competition that are not withdrawn). Eligibility has its own
    problems (validators.eligibility_problems)."""
    now = now or timezone.now()
    if not competition.is_open_at(now):
        return Problem("not_open", "competition", "", _("This competition is not accepting applications now."))
    allowed = competition.max_applications_per_organization or 1
    if active_count >= allowed:
        return Problem("too_many_applications", "organization", "", _(
            "%(organization)s already has %(count)s application(s) in this competition; "
            "the competition allows %(allowed)s per organisation.")
            % {"organization": organization.name, "count": active_count, "allowed": allowed})
    return None


def withdraw_refusal(application, *, now=None):
    """Why ``application`` cannot be withdrawn now (a withdrawn one is no refusal: withdrawing twice is a no-op)."""
    now = now or timezone.now()
    competition = application.competition
    if application.status == ApplicationStatus.WITHDRAWN:
        return None
    if cancelled := competition_cancelled(competition):
        return cancelled
    if application.status != ApplicationStatus.SUBMITTED:
        return Problem("not_withdrawable", "status", "", _(
            "Only a submitted application that is not yet decided on can be withdrawn."))
    if now >= competition.closes_at:
        return Problem("deadline_passed", "deadline", "", _(
            "The deadline was %(deadline)s (Astana time); after it an application can no longer be withdrawn.")
            % {"deadline": date_format(timezone.localtime(competition.closes_at), "d.m.Y H:i")})
    return None


def start_choice(organization, competition, applications, *, now=None):
    """What the apply page and the competition's apply box say about one organisation: its applications here, why
    it is not eligible, and why it may not start one more now (the same checks ``application_start`` makes)."""
    own = [a for a in applications if a.organization_id == organization.pk]
    active = sum(1 for a in own if a.status != ApplicationStatus.WITHDRAWN)
    problems = eligibility_problems(organization, competition)
    refusal = start_refusal(competition=competition, organization=organization, active_count=active, now=now)
    return {"organization": organization, "applications": own, "problems": problems, "refusal": refusal,
            "can_start": not problems and refusal is None}
