"""One number format per language (portal/formatting.py) and its template filters (portal/templatetags/numbers.py)."""

from datetime import UTC, date, datetime
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


# --- dates in words, per language -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", f"2 желтоқсан 2026{NBSP}ж."), ("ru", f"2 декабря 2026{NBSP}г."), ("en", "2 December 2026"),
    ("kk-kz", f"2 желтоқсан 2026{NBSP}ж."), ("de", f"2 декабря 2026{NBSP}г."),
])
def test_a_date_in_words_follows_the_language(language, expected):
    assert fmt.format_date(date(2026, 12, 2), language=language) == expected
    assert fmt.format_datetime(datetime(2026, 12, 2, 9, 5, 7), language=language) == f"{expected}, 09:05"


def test_every_month_has_its_kazakh_and_russian_name():
    kk = [fmt.format_date(date(2026, month, 1), language="kk").split()[1] for month in range(1, 13)]
    ru = [fmt.format_date(date(2026, month, 1), language="ru").split()[1] for month in range(1, 13)]
    assert kk == ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
                  "қараша", "желтоқсан"]
    assert ru[0] == "января" and ru[4] == "мая" and ru[11] == "декабря"
    assert fmt.format_date(None, language="kk") == fmt.format_datetime("", language="ru") == fmt.DASH


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", f"8 наурыз 2026{NBSP}ж. | 8 наурыз 2026{NBSP}ж., 17:30:09 | 8 наурыз 2026{NBSP}ж. | —"),
    ("ru", f"8 марта 2026{NBSP}г. | 8 марта 2026{NBSP}г., 17:30:09 | 8 марта 2026{NBSP}г. | —"),
])
def test_date_filters_use_the_active_language_and_astana_time(language, expected):
    moment = datetime(2026, 3, 8, 12, 30, 9, tzinfo=UTC)  # 17:30 in Asia/Almaty
    template = Template('{% load numbers %}{{ moment|longdate }} | {{ moment|longdatetime:"seconds" }} | '
                        '{{ text|longdate }} | {{ bad|longdate }}')
    with translation.override(language):
        assert template.render(Context({"moment": moment, "text": "2026-03-08", "bad": "not a date"})) == expected


def test_kazakh_pages_write_dates_in_kazakh_words_not_english_nor_abbreviated():
    """Django ships no Kazakh date formats: portal/formats/kk gives them, with lower-case month names."""
    template = Template('{{ day }} | {{ moment|date:"DATETIME_FORMAT" }} | {{ moment|date:"SHORT_DATE_FORMAT" }}')
    context = Context({"day": date(2026, 12, 2), "moment": datetime(2026, 12, 2, 9, 5, tzinfo=UTC)})
    with translation.override("kk"):
        assert template.render(context) == "2 желтоқсан 2026 ж. | 2 желтоқсан 2026 ж., 14:05 | 02.12.2026"
    with translation.override("ru"):
        assert template.render(context).startswith("2 декабря 2026 г. | 2 декабря 2026 г. 14:05")
