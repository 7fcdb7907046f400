"""Small conversions every open-data builder shares: money as JSON numbers, times as ISO 8601 in Asia/Almaty,
names in the language of the files (``OPENDATA_LANGUAGE``, Kazakh first, then Russian, then English)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

CURRENCY = "KZT"
COUNTRY = "KZ"


def number(amount):
    """A money ``Decimal`` as a JSON number: an int when whole, else the shortest float that prints as the
    decimal itself (exact for two-place amounts far beyond any budget)."""
    if amount is None:
        return None
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def stamp(moment):
    """An aware datetime as ISO 8601 with the Almaty offset, to the second."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def day_start(day):
    """A date as the start of that day in Almaty (360Giving and OCDS dates are date-times)."""
    if day is None:
        return None
    return stamp(timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)))


def in_language(obj, field):
    """``obj.<field>_<lang>`` in the files' language, falling back kk -> ru -> en."""
    first = settings.OPENDATA_LANGUAGE
    for code in (first, "kk", "ru", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def competition_url(competition):
    return absolute(reverse("competitions:detail", kwargs={"reference": competition.reference}))


def results_url(competition):
    return absolute(reverse("results:public", kwargs={"reference": competition.reference}))


def months_between(start, end):
    """The length of ``start``..``end`` (both days included) in months of 30.4375 days, rounded: 2026-03-01 to
    2026-11-30 is 9 months."""
    if not start or not end:
        return None
    return round(((end - start).days + 1) / 30.4375)
