"""Plain JSON values of the snapshot and the API (scoring.calc.plain): pure, no database."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

from scoring.calc.plain import to_plain


def test_decimals_and_times_become_exact_strings_recursively():
    value = {1: [D("1.50"), date(2026, 5, 4)], "at": datetime(2026, 5, 4, 9, 30, tzinfo=UTC),
             "flag": True, "n": 3, "none": None, "pair": (D("0.001"), "x")}
    assert to_plain(value) == {"1": ["1.50", "2026-05-04"], "at": "2026-05-04T09:30:00+00:00", "flag": True,
                               "n": 3, "none": None, "pair": ["0.001", "x"]}
