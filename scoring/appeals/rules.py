"""Object permissions of appeals: filing within the window, deciding a pending one."""

import rules
from django.utils import timezone

from applications.enums import OUTCOMES
from applications.rules import is_member_of_applicant
from competitions.enums import CompetitionStatus
from competitions.rules import manages_competition

from ..enums import AppealStatus
from .deadline import appeal_deadline


@rules.predicate
def appeal_window_open(user, application):
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


rules.add_perm("scoring.file_appeal", is_member_of_applicant & appeal_window_open & ~has_pending_appeal)
rules.add_perm("scoring.decide_appeal", manages_competition & is_pending)
