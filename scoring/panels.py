"""The scoring panels of the dashboard (registered in ``ScoringConfig.ready``): what the expert and the
official see first after signing in."""

from competitions.enums import CompetitionStatus
from competitions.selectors import competitions_managed_by

from .evaluation.selectors import expert_dashboard


def expert_panel(request, roles):
    return expert_dashboard(request.user)


def official_panel(request, roles):
    reviews = competitions_managed_by(request.user).filter(status=CompetitionStatus.UNDER_REVIEW)
    return {"reviews": list(reviews[:10])}
