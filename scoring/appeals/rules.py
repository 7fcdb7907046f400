"""Object permissions of appeals: filing within the window, deciding a pending one."""

import rules
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.enums import OUTCOMES
from applications.rules import is_member_of_applicant
from competitions.enums import CompetitionStatus
from competitions.rules import manages_competition

from ..enums import AppealStatus
from .deadline import appeal_deadline


def appeal_refusal(application):
    """Why no appeal can be filed on ``application`` now, or ``None``: the check ``scoring.file_appeal`` makes,
    and the sentence the results page shows in place of the form."""
    competition = application.competition
    if competition.status == CompetitionStatus.CANCELLED:
        return _("The competition was cancelled; no appeal can be filed.")
    deadline = appeal_deadline(competition)
    if competition.status != CompetitionStatus.RESULTS_PUBLISHED or application.status not in OUTCOMES \
            or deadline is None:
        return _("Appeals are filed only against published results during the appeal window.")
    if timezone.localdate() > deadline:
        return _("Appeals were possible until %(date)s.") % {"date": date_format(deadline, "d.m.Y")}
    return None


@rules.predicate
def appeal_window_open(user, application):
    return appeal_refusal(application) is None


@rules.predicate
def has_pending_appeal(user, application):
    return application.appeals.filter(status=AppealStatus.PENDING).exists()


@rules.predicate
def is_pending(user, appeal):
    return appeal.status == AppealStatus.PENDING


rules.add_perm("scoring.file_appeal", is_member_of_applicant & appeal_window_open & ~has_pending_appeal)
rules.add_perm("scoring.decide_appeal", manages_competition & is_pending)
