"""The aggregation kernel (scoring.calc.aggregation): pure, no database."""

from decimal import Decimal

import pytest

from scoring.calc.aggregation import aggregate, q

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
