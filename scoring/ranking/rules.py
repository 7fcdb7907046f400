"""Object permissions of the ranking and its results. Managing and following are ``competitions.rules``."""

import rules

from applications.rules import is_member_of_applicant
from competitions.enums import CompetitionStatus
from competitions.rules import competition_of, follows_competition, manages_competition


@rules.predicate
def is_under_review(user, obj):
    return competition_of(obj).status == CompetitionStatus.UNDER_REVIEW


@rules.predicate
def is_ranked(user, obj):
    return competition_of(obj).status == CompetitionStatus.RANKED


@rules.predicate
def results_were_published(user, obj):
    return competition_of(obj).results_published_at is not None


rules.add_perm("scoring.freeze_ranking", manages_competition & is_under_review)
rules.add_perm("scoring.reopen_ranking", manages_competition & is_ranked)
rules.add_perm("scoring.publish_results", manages_competition & is_ranked)
rules.add_perm("scoring.view_application_results",
               (is_member_of_applicant | follows_competition) & results_were_published)
