"""Working days on the Kazakhstan calendar (``portal/reference/calendar.py``).

2026 facts used below (statutory, from ``holidays``): Nauryz is 21-23 March, and as 21-22 March fall on
a weekend, 24-25 March are days off too, so Friday 20 March is followed by working Thursday 26 March.
1-2 January are New Year; 9 March is the observed Women's Day.
"""

from datetime import date

import pytest

from portal.reference.calendar import add_working_days, is_working_day, working_days_between
from portal.reference.models import ExtraHoliday

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 4, 1), 0, date(2026, 4, 1)),     # nothing to add
    (date(2026, 4, 1), 1, date(2026, 4, 2)),     # Wed -> Thu
    (date(2026, 4, 3), 1, date(2026, 4, 6)),     # Fri -> Mon over the weekend
    (date(2026, 4, 4), 1, date(2026, 4, 6)),     # from a Saturday
    (date(2026, 4, 3), 5, date(2026, 4, 10)),    # a whole week
    (date(2026, 3, 20), 1, date(2026, 3, 26)),   # Fri -> Thu over Nauryz 21-25 March
    (date(2026, 3, 20), 3, date(2026, 3, 30)),   # an appeal window of 3 working days
    (date(2026, 3, 19), 2, date(2026, 3, 26)),
    (date(2025, 12, 31), 1, date(2026, 1, 5)),   # over New Year and the weekend, across the year
    (date(2026, 3, 6), 1, date(2026, 3, 10)),    # Fri -> Tue: Women's Day observed on Mon 9 March
    (date(2026, 4, 30), 1, date(2026, 5, 4)),    # Thu -> Mon: 1 May is a holiday
    (date(2026, 5, 8), 1, date(2026, 5, 12)),    # Fri -> Tue: Victory Day observed on Mon 11 May
])
def test_add_working_days_on_the_statutory_calendar(start, days, expected):
    assert add_working_days(start, days) == expected


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 4, 1), -1)


def test_a_decreed_extra_day_off_is_skipped():
    ExtraHoliday.objects.create(date=date(2026, 4, 7), note="Decree: extra day off")
    assert add_working_days(date(2026, 4, 6), 1) == date(2026, 4, 8)
    assert not is_working_day(date(2026, 4, 7))


def test_a_working_saturday_counts():
    ExtraHoliday.objects.create(date=date(2026, 4, 11), is_day_off=False, note="Working Saturday")
    assert add_working_days(date(2026, 4, 10), 1) == date(2026, 4, 11)
    assert add_working_days(date(2026, 4, 10), 2) == date(2026, 4, 13)
    assert is_working_day(date(2026, 4, 11))
    assert not is_working_day(date(2026, 4, 12))


def test_a_moved_day_off_pairs_a_working_saturday_with_a_weekday_off():
    # A typical decree: Saturday 28 March is worked, Friday 27 March is off instead.
    ExtraHoliday.objects.create(date=date(2026, 3, 27), note="Moved from 28 March")
    ExtraHoliday.objects.create(date=date(2026, 3, 28), is_day_off=False, note="Working Saturday")
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    assert add_working_days(date(2026, 3, 20), 2) == date(2026, 3, 28)
    assert add_working_days(date(2026, 3, 20), 3) == date(2026, 3, 30)


def test_an_exception_overrides_a_statutory_holiday():
    ExtraHoliday.objects.create(date=date(2026, 3, 25), is_day_off=False, note="Worked by decree")
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 25)


def test_exceptions_far_away_do_not_matter():
    ExtraHoliday.objects.create(date=date(2027, 4, 7))
    assert add_working_days(date(2026, 4, 6), 1) == date(2026, 4, 7)


def test_many_working_days_span_several_holidays():
    # From 1 March 2026: March has 22 weekdays, minus 9 March and 23-25 March (21-22 are a weekend) = 18.
    assert add_working_days(date(2026, 2, 28), 18) == date(2026, 3, 31)
    assert add_working_days(date(2026, 2, 28), 19) == date(2026, 4, 1)


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 3, 20), True),
    (date(2026, 3, 21), False),
    (date(2026, 3, 23), False),
    (date(2026, 3, 25), False),
    (date(2026, 3, 26), True),
    (date(2026, 12, 16), False),   # Independence Day
    (date(2026, 12, 17), True),
    (date(2026, 7, 6), False),     # Capital Day
])
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_working_days_between():
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 20)) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 25)) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 31)) == 4
    ExtraHoliday.objects.create(date=date(2026, 3, 28), is_day_off=False)
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 31)) == 5


def test_add_and_between_agree():
    start = date(2026, 2, 27)
    for days in range(0, 40):
        assert working_days_between(start, add_working_days(start, days)) == days
