from decimal import Decimal

import pytest

from scoring.aggregation import aggregate, aggregate_competition, q

from .results_world import ranked_competition, scored_application

D = Decimal


@pytest.mark.parametrize(("method", "totals", "score", "applied", "note"), [
    ("mean", ["10", "20", "31"], "20.333", "mean", ""),
    ("mean", ["7.5", "8"], "7.750", "mean", ""),
    ("median", ["10", "40", "20"], "20.000", "median", ""),
    ("median", ["10", "20", "40", "30"], "25.000", "median", ""),
    # 5 totals: drop 1 and 99, mean of 10, 20, 30.
    ("trimmed_mean", ["99", "10", "1", "20", "30"], "20.000", "trimmed_mean", ""),
    # fewer than 5: falls back to the mean, and says so.
    ("trimmed_mean", ["10", "20", "40"], "23.333", "mean", "trimmed_mean_fallback"),
    # closest pair: 50 and 52 (difference 2) -> 51.
    ("closest_pair", ["50", "80", "52"], "51.000", "closest_pair", ""),
    # 10-20 and 20-30 are equally close: the higher pair (20, 30) is taken.
    ("closest_pair", ["30", "10", "20"], "25.000", "closest_pair", "closest_pair_tie_higher"),
    ("closest_pair", ["42"], "42.000", "closest_pair", "single_evaluation"),
])
def test_every_method_on_hand_computed_totals(method, totals, score, applied, note):
    result = aggregate([D(t) for t in totals], method)
    assert (str(result.score), result.method, result.note) == (score, applied, note)


def test_rounding_is_three_places_half_up():
    assert str(q(D("1.0005"))) == "1.001"
    assert str(q(D("2.0004"))) == "2.000"
    assert str(aggregate([D("1"), D("1"), D("2")], "mean").score) == "1.333"
    assert str(aggregate([D("1"), D("2"), D("2")], "mean").score) == "1.667"


def test_order_of_totals_does_not_matter():
    assert aggregate([D(3), D(9), D(4)], "closest_pair") == aggregate([D(9), D(4), D(3)], "closest_pair")


def test_no_evaluations():
    assert aggregate([], "mean").score is None


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
    from scoring.models import Assignment

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
