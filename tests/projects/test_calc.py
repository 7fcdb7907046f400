from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from projects import calc

D = Decimal
money = st.decimals(min_value=D("0.01"), max_value=D("999999999.99"), places=2)


@given(total=money, weights=st.lists(st.decimals(min_value=0, max_value=10**9, places=2), min_size=1, max_size=6))
def test_a_split_adds_up_exactly_and_never_goes_negative(total, weights):
    parts = calc.split_proportionally(total, weights)
    assert sum(parts) == total
    assert all(part >= 0 for part in parts)


def test_halves_and_years():
    assert calc.halves(D("1000000.01")) == [D("500000.00"), D("500000.01")]
    assert calc.per_year(D("900"), {2027: D("200"), 2026: D("100")}) == [(2026, D("300.00")), (2027, D("600.00"))]
    assert calc.remaining(D("100"), [D("30"), D("20.5")]) == D("49.50")


def test_line_moves():
    lines = {1: D("1000"), 2: D("500")}
    assert calc.line_move_problems(lines, {1: D("-50"), 2: D("50")}, 10) == []
    assert calc.line_move_problems(lines, {1: D("-100"), 2: D("100")}, 10) == [("2", "over_limit")]
    assert calc.line_move_problems(lines, {1: D("-10"), 3: D("10")}, 10) == [("3", "unknown_line")]
    assert calc.line_move_problems(lines, {1: D("-10"), 2: D("5")}, 10) == [("", "not_balanced")]
