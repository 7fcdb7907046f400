"""Template filters for numbers in the active language (``{% load numbers %}``); see ``portal.formatting``.

``{{ amount|money }}``, ``{{ score|score }}`` or ``{{ score|score:criterion.step }}`` (the decimals the
step needs), ``{{ weight|weight }}``, ``{{ count|quantity }}``, ``{{ value|percent }}`` and
``{{ threshold|out_of:maximum }}`` ("40 / 80"); dates in words: ``{{ day|longdate }}`` ("2 желтоқсан 2026 ж.",
"2 декабря 2026 г.") and ``{{ moment|longdatetime }}`` (with the time, in Asia/Almaty)."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from portal import formatting

register = template.Library()


def _language():
    return get_language() or "ru"


def _places(step):
    """A filter argument is either a number of decimals (an int) or a rubric step (``0.5``)."""
    if step in (None, ""):
        return 0
    if isinstance(step, int):
        return step
    return formatting.step_places(step)


@register.filter
def money(value):
    return formatting.format_money(value, language=_language())


@register.filter
def score(value, step=None):
    return formatting.format_score(value, places=_places(step), language=_language())


@register.filter
def weight(value):
    return formatting.format_weight(value, language=_language())


@register.filter
def quantity(value):
    return formatting.format_quantity(value, language=_language())


@register.filter
def percent(value):
    return formatting.format_percent(value, language=_language())


@register.filter
def out_of(value, maximum):
    return formatting.format_threshold(value, maximum, language=_language())


@register.filter
def money_plain(value):
    """Money without the currency sign, for a column whose heading names it ("Requested, ₸")."""
    return formatting.format_money(value, language=_language(), currency="")


def _local(value):
    """A date or datetime (or its ISO text, as stored in a snapshot) in local time; anything else as it is."""
    if isinstance(value, str) and value:
        try:
            value = (date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value))
        except ValueError:
            return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def longdate(value):
    return formatting.format_date(_local(value), language=_language())


@register.filter
def longdatetime(value, seconds=""):
    """``{{ moment|longdatetime }}``, or with the seconds: ``{{ moment|longdatetime:"seconds" }}``."""
    return formatting.format_datetime(_local(value), language=_language(), seconds=seconds == "seconds")
