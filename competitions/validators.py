"""Configuration rules of a competition, shared by the configuration form and the publish service.

Each function returns every problem at once as ``(field, message)`` pairs; ``field`` is the form field the
message belongs beside ("" for the whole form).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.multilingual import language_problems

from .enums import TERM_MONTHS, TermType, TieBreak

MIN_YEAR, MAX_YEAR = 2000, 2100


def _get(data, name):
    return data.get(name) if isinstance(data, dict) else getattr(data, name, None)


def window_problems(data):
    opens_at, closes_at = _get(data, "opens_at"), _get(data, "closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        return [("closes_at", _("The closing time must be after the opening time."))]
    return []


def money_problems(data):
    total, low, high = _get(data, "total_budget"), _get(data, "min_amount"), _get(data, "max_amount")
    grants = _get(data, "planned_grants")
    problems = []
    if low is not None and high is not None and low > high:
        problems.append(("max_amount", _("The maximum amount per application must not be below the minimum.")))
    if high is not None and total is not None and high > total:
        problems.append(("max_amount", _("The maximum amount per application must not exceed the total budget.")))
    if grants and low is not None and total is not None and grants * low > total:
        problems.append(("planned_grants", _(
            "%(grants)s grants of at least %(min)s KZT need %(needed)s KZT, more than the total budget of "
            "%(total)s KZT. Plan fewer grants or lower the minimum amount.")
            % {"grants": grants, "min": low, "needed": grants * low, "total": total}))
    return problems


def term_problems(data):
    """Project dates match the term type; a long-term project lists its budget years inside those dates."""
    term, starts, ends = _get(data, "term_type"), _get(data, "project_starts_on"), _get(data, "project_ends_on")
    years = list(_get(data, "project_years") or [])
    problems = []
    if starts and ends:
        if ends <= starts:
            problems.append(("project_ends_on", _("The project must end after it starts.")))
        elif term in TERM_MONTHS:
            low, high = TERM_MONTHS[term]
            months = (ends.year - starts.year) * 12 + (ends.month - starts.month) + (1 if ends.day > starts.day else 0)
            if not low <= months <= high:
                problems.append(("project_ends_on", _(
                    "A project of this term lasts %(low)s to %(high)s months; these dates give %(months)s.")
                    % {"low": low, "high": high, "months": months}))
    if any(not isinstance(y, int) or not MIN_YEAR <= y <= MAX_YEAR for y in years):
        problems.append(("project_years", _("Budget years must be calendar years such as 2026.")))
        return problems
    if term == TermType.LONG and len(years) < 2:
        problems.append(("project_years", _("A long-term project needs a budget for at least two years.")))
    if years and starts and ends and any(y < starts.year or y > ends.year for y in years):
        problems.append(("project_years", _("Every budget year must fall between the project's start and end.")))
    return problems


def tie_break_problems(data):
    chain = list(_get(data, "tie_breaks") or [])
    if any(item not in TieBreak.values for item in chain):
        return [("tie_breaks", _("Choose tie-breaks from the list."))]
    if len(set(chain)) != len(chain):
        return [("tie_breaks", _("Each tie-break may be used once."))]
    return []


def configuration_problems(data):
    """Rules that hold for any saved configuration (draft or published)."""
    return [*window_problems(data), *money_problems(data), *term_problems(data), *tie_break_problems(data)]


def publication_problems(competition, *, now=None):
    """Everything that stops ``competition`` from being published at ``now`` (rubric checks come by signal)."""
    now = now or timezone.now()
    problems = list(configuration_problems(competition))
    if competition.closes_at <= now:
        problems.append(("closes_at", _(
            "The closing time %(closes)s has already passed: move it into the future before publishing.")
            % {"closes": date_format(timezone.localtime(competition.closes_at), "d.m.Y H:i")}))
    if not competition.regions.exists():
        problems.append(("regions", _("Choose at least one region.")))
    if not (competition.description_kk or competition.description_ru or competition.description_en):
        problems.append(("description_ru", _("Describe the competition in at least one language.")))
        problems.extend(language_problems(competition, ("title",)))
    else:
        problems.extend(public_language_problems(competition))
    return problems


def public_language_problems(competition):
    """A competition is published in Kazakh and in Russian: its title and description in both (results too)."""
    return language_problems(competition, ("title", "description"))
