"""One number format per language, for pages, exports and PDFs: pure functions, no Django, no ORM.

Kazakh and Russian write ``12 345 678,5`` (a space between thousands, a decimal comma), English
``12,345,678.5``. Money always has two decimals and the tenge sign; a score shows the decimals the
rubric's step needs and more only when the value has them (a mean of 10 and 11 is ``10,5`` even on a
whole-point scale); a threshold is shown with its maximum (``40 / 80``). The template filters in
``portal/templatetags/numbers.py`` call these with the active language.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NARROW_NO_BREAK_SPACE = "\u202f"  # between groups of thousands: never a line break inside a number
NO_BREAK_SPACE = "\u00a0"  # between a number and its unit
DASH = "—"
MAX_SCORE_PLACES = 3  # final scores are rounded to 3 decimal places (scoring.calc)

SEPARATORS = {  # language: (thousands, decimal)
    "kk": (NARROW_NO_BREAK_SPACE, ","),
    "ru": (NARROW_NO_BREAK_SPACE, ","),
    "en": (",", "."),
}


def separators(language):
    return SEPARATORS.get((language or "ru")[:2], SEPARATORS["ru"])


def to_decimal(value):
    """``value`` as a Decimal, or None when it is empty or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(NARROW_NO_BREAK_SPACE, "").replace(" ", ""))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def places_of(value):
    """How many decimals ``value`` has once trailing zeros are dropped (``0.50`` -> 1, ``2`` -> 0)."""
    number = to_decimal(value)
    if number is None:
        return 0
    exponent = number.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def format_decimal(value, *, places=0, max_places=None, language="ru", grouping=True):
    """``value`` with at least ``places`` decimals and, when ``max_places`` is larger, up to that many
    where the value has them (trailing zeros beyond ``places`` are dropped); rounding is half up."""
    number = to_decimal(value)
    if number is None:
        return DASH
    max_places = places if max_places is None else max(max_places, places)
    number = number.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
    shown = max(min(places_of(number), max_places), places)
    number = number.quantize(Decimal(1).scaleb(-shown), rounding=ROUND_HALF_UP)
    thousands, point = separators(language)
    negative = number < 0 and not number.is_zero()
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    if grouping and len(whole) > 3:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = thousands.join(groups)
    if negative:
        whole = "-" + whole
    return f"{whole}{point}{fraction}" if fraction else whole


def format_money(value, *, language="ru", currency="₸"):
    """``12345678.5`` -> ``12 345 678,50 ₸`` (kk, ru) or ``12,345,678.50 ₸`` (en)."""
    if to_decimal(value) is None:
        return DASH
    text = format_decimal(value, places=2, language=language, grouping=True)
    return f"{text}{NO_BREAK_SPACE}{currency}" if currency else text


def step_places(step):
    """Decimals a score on a scale with this step needs (step 1 -> 0, 0.5 -> 1, 0.25 -> 2)."""
    return min(places_of(step), MAX_SCORE_PLACES)


def format_score(value, *, places=0, language="ru"):
    """A score with at least ``places`` decimals (the rubric's step) and at most 3, trailing zeros dropped."""
    return format_decimal(value, places=places, max_places=MAX_SCORE_PLACES, language=language)


def format_weight(value, *, language="ru"):
    """A criterion's weight as written in the rubric (``1.50`` -> ``1,5``)."""
    return format_decimal(value, places=0, max_places=MAX_SCORE_PLACES, language=language)


def format_quantity(value, *, language="ru"):
    """A count or a quantity: whole numbers grouped, decimals only when it has them (``2.50`` -> ``2,5``)."""
    return format_decimal(value, places=0, max_places=MAX_SCORE_PLACES, language=language)


def format_percent(value, *, language="ru"):
    text = format_decimal(value, places=0, max_places=2, language=language)
    return text if text == DASH else f"{text}{NO_BREAK_SPACE}%"


def format_threshold(value, maximum, *, places=0, language="ru"):
    """A threshold with the maximum it is out of: ``40 / 80``."""
    if to_decimal(value) is None:
        return DASH
    threshold = format_score(value, places=places, language=language)
    if to_decimal(maximum) is None:
        return threshold
    return f"{threshold}{NO_BREAK_SPACE}/{NO_BREAK_SPACE}{format_score(maximum, places=places, language=language)}"


def csv_number(value, *, places=None, language="ru"):
    """A number for a CSV file in ``language``: no thousands separator, the language's decimal sign."""
    number = to_decimal(value)
    if number is None:
        return ""
    if places is not None:
        return format_decimal(number, places=places, language=language, grouping=False)
    return f"{number:f}".replace(".", separators(language)[1])  # as precise as stored, nothing rounded


def csv_delimiter(language):
    """Spreadsheets that read a decimal comma expect fields separated by semicolons."""
    return ";" if separators(language)[1] == "," else ","


# Dates: the day, the month's name and the year as each language writes them in a document. Kazakh
# "2 желтоқсан 2026 ж.", Russian "2 декабря 2026 г." (the month in the genitive), English "2 December 2026".
MONTHS = {
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
YEAR_MARK = {"kk": "ж.", "ru": "г.", "en": ""}


def format_date(value, *, language="ru"):
    """A date (or the date of a datetime, already in local time) in words: ``2 желтоқсан 2026 ж.``."""
    if value is None or value == "":
        return DASH
    language = (language or "ru")[:2]
    language = language if language in MONTHS else "ru"
    text = f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"
    mark = YEAR_MARK[language]
    return f"{text}{NO_BREAK_SPACE}{mark}" if mark else text


def format_datetime(value, *, language="ru", seconds=False):
    """A datetime (already in local time) as its date in words and the time: ``2 желтоқсан 2026 ж., 14:05``."""
    if value is None or value == "":
        return DASH
    time = f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if seconds else "")
    return f"{format_date(value, language=language)}, {time}"
