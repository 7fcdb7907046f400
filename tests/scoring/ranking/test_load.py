"""What the ranking reads and aggregates from the database (scoring.ranking.load)."""

from decimal import Decimal

import pytest

from scoring.models import Assignment
from scoring.ranking.load import aggregate_competition
from tests.scoring.results_world import ranked_competition, scored_application

D = Decimal


@pytest.mark.django_db
def test_competition_aggregate_uses_only_submitted_evaluations_and_weights():
    competition = ranked_competition(weights=("2", "1"), minimums=("5", None))
    app = scored_application(competition, [[8, 6], [6, 10]], pending=1)
    result = aggregate_competition(competition).applications[app.pk]
    # totals: 2*8+6 = 22 and 2*6+10 = 22; criterion means 7 and 8.
    assert result.totals == [D("22"), D("22")]
    assert str(result.score) == "22.000"
    assert {k: str(v) for k, v in result.criterion_means.items()} == {1: "7.000", 2: "8.000"}
    assert result.failed_minimums == []


@pytest.mark.django_db
def test_per_criterion_minimum_is_applied_to_the_mean():
    competition = ranked_competition(weights=("1", "1"), minimums=("6", None))
    app = scored_application(competition, [[6, 10], [5, 10]])  # mean 5.5 < 6
    result = aggregate_competition(competition).applications[app.pk]
    assert result.failed_minimums == [1]


@pytest.mark.django_db
def test_z_scores_per_expert_beside_raw_score():
    competition = ranked_competition(weights=("1",), minimums=None)
    a = scored_application(competition, [[10]])
    b = scored_application(competition, [[6]])
    # Give the same expert both evaluations: mean 8, population sd 2 -> z +1 and -1.
    expert = Assignment.objects.get(application=a).expert
    Assignment.objects.filter(application=b).update(expert=expert)
    result = aggregate_competition(competition).applications
    assert (str(result[a.pk].z_score), str(result[b.pk].z_score)) == ("1.000", "-1.000")
    assert (str(result[a.pk].score), str(result[b.pk].score)) == ("10.000", "6.000")  # raw score unchanged


@pytest.mark.django_db
def test_divergence_flag_uses_threshold_of_higher_total():
    competition = ranked_competition(weights=("1",), divergence="30")
    close = scored_application(competition, [[10], [7]])   # 3 is exactly 30 % of 10: not beyond
    far = scored_application(competition, [[10], [6]])     # 4 > 3
    result = aggregate_competition(competition).applications
    assert (result[close.pk].divergent, result[far.pk].divergent) == (False, True)
