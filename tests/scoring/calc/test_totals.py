"""The one weighted total (scoring.calc.totals): pure, no database."""

from collections import namedtuple
from decimal import Decimal as D

from scoring.calc.totals import maximum_total, weighted_total

Criterion = namedtuple("Criterion", "pk weight max_score")


def test_weighted_total_on_0_10_with_weights():
    c1, c2, c3 = Criterion(1, D("1"), D(10)), Criterion(2, D("0.5"), D(10)), Criterion(3, D("1.25"), D(10))
    criteria = [c1, c2, c3]
    assert weighted_total({c1.pk: D(7), c2.pk: D(9), c3.pk: D(4)}, criteria) == D("16.5")
    assert weighted_total({c1.pk: D(7)}, criteria) == D("7")
    assert maximum_total(criteria) == D("27.5")


def test_a_criterion_without_a_score_adds_nothing():
    criteria = [Criterion(1, D("2"), D(5)), Criterion(2, D("1"), D(5))]
    assert weighted_total({1: None, 2: ""}, criteria) == D("0")
    assert weighted_total({1: "2.5"}, criteria) == D("5.0")
