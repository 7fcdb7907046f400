"""A published competition for the page tests: three scored bids, one of them by the given NGO member."""

from django.test import TestCase

from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application


def make(official, n=3, publish=True):
    competition = ranked_competition(weights=("1", "2"), total_budget="5000000")
    f.OfficialMembershipFactory(user=official, body=competition.body)
    ngo = f.MembershipFactory()
    apps = [scored_application(competition, [[5 + i % 4, 6], [6, 7 - i % 3]],
                               organization=ngo.organization if i == 0 else None) for i in range(n)]
    if publish:
        ranking_freeze(competition=competition, actor=official)
        competition.refresh_from_db()
        f.approve_ranking(competition, actor=official)
        with TestCase.captureOnCommitCallbacks(execute=True):
            results_publish(competition=competition, actor=official)
        competition.refresh_from_db()
    return competition, apps, ngo.user
