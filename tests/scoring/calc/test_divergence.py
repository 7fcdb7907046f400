"""The one definition of divergence (scoring.calc.divergence): pure, no database."""

from decimal import Decimal as D

from scoring.calc.divergence import divergence_of


def test_difference_and_percent_of_the_higher_total():
    assert divergence_of([D("10"), D("7")], 30) == (D("3"), D("30.0"), False)  # exactly 30 %: not beyond
    assert divergence_of([D("10"), D("6")], 30) == (D("4"), D("40.0"), True)


def test_fewer_than_two_totals_and_zero_totals():
    assert divergence_of([D("10"), None], 30) is None
    assert divergence_of([], 30) is None
    assert divergence_of([D("0"), D("0")], 30) == (D("0"), D("0.0"), False)
