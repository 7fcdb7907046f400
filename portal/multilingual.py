"""Content in the three languages of the portal: Kazakh first, then Russian, then English.

Models keep one column per language (``title_kk``, ``title_ru``, ``title_en``). ``localized`` picks the reader's
language and falls back kk -> ru -> en; ``missing_languages`` names the required languages a text lacks (a body's
public documents carry both Kazakh and Russian).
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

CONTENT_LANGUAGES = ("kk", "ru", "en")
FALLBACK_ORDER = ("kk", "ru", "en")
REQUIRED_LANGUAGES = ("kk", "ru")


def active_language():
    language = (get_language() or "kk")[:2]
    return language if language in CONTENT_LANGUAGES else "kk"


def localized(obj, field, language=None):
    """``obj.<field>_<language>``, else the first non-empty of kk, ru, en; "" when all are empty."""
    first = language or active_language()
    for code in (first, *FALLBACK_ORDER):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


def localized_value(values, language=None):
    """The same choice over a dict ``{"kk": ..., "ru": ..., "en": ...}``."""
    first = language or active_language()
    for code in (first, *FALLBACK_ORDER):
        if values.get(code):
            return values[code]
    return ""


def missing_languages(obj, field, required=REQUIRED_LANGUAGES):
    """The required language codes whose ``<field>_<code>`` is empty (blank text counts as empty)."""
    return [code for code in required if not str(getattr(obj, f"{field}_{code}", "") or "").strip()]


def language_problems(obj, fields, *, required=REQUIRED_LANGUAGES, prefix=""):
    """``[(field_<code>, message)]`` for each required language a public text lacks; the message names the field
    with its language ("title (Kazakh)"). ``prefix`` says which part it is (e.g. "Topic 3: ")."""
    problems = []
    for field in fields:
        for code in missing_languages(obj, field, required):
            name = f"{field}_{code}"
            problems.append((name, _("%(prefix)sFill in “%(field)s”: it is published in Kazakh and in Russian.")
                             % {"prefix": prefix, "field": obj._meta.get_field(name).verbose_name}))
    return problems


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def guess_language(text):
    """kk for Cyrillic with Kazakh letters, ru for other Cyrillic, en otherwise (to file a one-language text)."""
    text = text or ""
    if any(ch in _KAZAKH_LETTERS for ch in text):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "en"
