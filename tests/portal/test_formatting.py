"""One number format per language (portal/formatting.py) and its template filters (portal/templatetags/numbers.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import formatting as fmt

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", f"8{NNBSP}000{NNBSP}000,00{NBSP}₸"), ("ru", f"8{NNBSP}000{NNBSP}000,00{NBSP}₸"),
    ("en", f"8,000,000.00{NBSP}₸"),
])
def test_money_follows_the_language(language, expected):
    assert fmt.format_money("8000000", language=language) == expected


def test_money_rounds_half_up_keeps_the_sign_and_says_so_when_empty():
    assert fmt.format_money(Decimal("-1234.565"), language="ru") == f"-1{NNBSP}234,57{NBSP}₸"
    assert fmt.format_money(None) == fmt.format_money("") == fmt.format_money("abc") == "—"
    assert fmt.format_money("999", language="en", currency="") == "999.00"


@pytest.mark.parametrize(("value", "places", "ru", "en"), [
    ("11.250", 0, "11,25", "11.25"),   # trailing zeros dropped
    ("9.00", 0, "9", "9"),
    ("56.5", 0, "56,5", "56.5"),
    ("7", 1, "7,0", "7.0"),            # a step of 0.5 needs one decimal
    ("10.5", 0, "10,5", "10.5"),       # a mean keeps the decimals it has
    ("3.14159", 0, "3,142", "3.142"),  # at most three, half up
    ("1234.5", 0, f"1{NNBSP}234,5", "1,234.5"),
])
def test_scores_show_only_the_decimals_they_need(value, places, ru, en):
    assert fmt.format_score(value, places=places, language="ru") == ru
    assert fmt.format_score(value, places=places, language="kk") == ru
    assert fmt.format_score(value, places=places, language="en") == en


def test_step_places_weights_quantities_percent_and_threshold():
    assert [fmt.step_places(s) for s in ("1", "1.00", "0.5", "0.25", "0.125", "0.0001")] == [0, 0, 1, 2, 3, 3]
    assert fmt.format_weight("1.500", language="ru") == "1,5"
    assert fmt.format_quantity("12000", language="kk") == f"12{NNBSP}000"
    assert fmt.format_percent("30.00", language="ru") == f"30{NBSP}%"
    assert fmt.format_threshold("40.00", Decimal("80.000"), language="ru") == f"40{NBSP}/{NBSP}80"
    assert fmt.format_threshold("40.5", "80", language="en") == f"40.5{NBSP}/{NBSP}80"
    assert fmt.format_threshold(None, "80") == "—"


def test_csv_numbers_and_delimiters_per_language():
    assert fmt.csv_number(Decimal("1234567.80"), language="ru") == "1234567,80"
    assert fmt.csv_number(Decimal("1234567.80"), language="en") == "1234567.80"
    assert fmt.csv_number("2.5", places=2, language="kk") == "2,50"
    assert fmt.csv_number(None) == ""
    assert (fmt.csv_delimiter("kk"), fmt.csv_delimiter("ru"), fmt.csv_delimiter("en")) == (";", ";", ",")


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", f"12,25 · 3 · 40{NBSP}/{NBSP}80 · 1,5 · 5{NNBSP}000,00{NBSP}₸"),
    ("ru", f"12,25 · 3 · 40{NBSP}/{NBSP}80 · 1,5 · 5{NNBSP}000,00{NBSP}₸"),
    ("en", f"12.25 · 3 · 40{NBSP}/{NBSP}80 · 1.5 · 5,000.00{NBSP}₸"),
])
def test_template_filters_use_the_active_language(language, expected):
    template = Template("{% load numbers %}{{ a|score }} · {{ b|score:step }} · {{ t|out_of:m }} · {{ w|weight }} · "
                        "{{ money|money }}")
    context = Context({"a": "12.250", "b": "3.00", "step": "1", "t": "40.00", "m": "80", "w": "1.50",
                       "money": "5000"})
    with translation.override(language):
        assert template.render(context) == expected


def test_the_old_money_filter_follows_the_language_too():
    template = Template("{% load portal_tags %}{{ v|money }}")
    with translation.override("en"):
        assert template.render(Context({"v": "1000"})) == f"1,000.00{NBSP}₸"
    with translation.override("kk"):
        assert template.render(Context({"v": "1000"})) == f"1{NNBSP}000,00{NBSP}₸"
