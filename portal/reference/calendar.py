"""Working days on the Kazakhstan calendar: statutory holidays from ``holidays`` plus decreed exceptions."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from .models import ExtraHoliday


@lru_cache(maxsize=32)
def _statutory(year):
    return holidays.country_holidays("KZ", years=year)


def _exceptions(start, end):
    return dict(ExtraHoliday.objects.filter(date__range=(start, end)).values_list("date", "is_day_off"))


def is_working_day(day, *, exceptions=None):
    if exceptions is None:
        exceptions = _exceptions(day, day)
    if day in exceptions:
        return not exceptions[day]
    return day.weekday() < 5 and day not in _statutory(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    exceptions = _exceptions(start, start + timedelta(days=days * 3 + 30))
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, exceptions=exceptions):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    exceptions = _exceptions(start, end)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, exceptions=exceptions):
            count += 1
    return count
