"""The outcome class of a results evaluation: a pure function of the panel's scores (DESIGN.md §9).

The panel's total is the mean of its evaluators' weighted totals; the class follows from that total as a
percentage of the rubric's maximum, against ``settings.PROJECT_OUTCOME_THRESHOLDS`` (successful from 80 %,
satisfactory from 60 %, unsatisfactory below, by default)."""

from decimal import ROUND_HALF_UP, Decimal

from .enums import OutcomeClass

# The name of the default assessment (a rubric template shipped by projects migration 0002).
DEFAULT_RUBRIC_NAME = "Нәтижелерді бағалау / Оценка результатов проекта / Evaluation of results"


def panel_total(totals):
    """The mean of the evaluators' totals, to the cent; None when there are none."""
    totals = [Decimal(t) for t in totals]
    if not totals:
        return None
    return (sum(totals, Decimal("0")) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def outcome_class(total, maximum, thresholds):
    """``OutcomeClass`` for ``total`` out of ``maximum``; ``thresholds``: {"successful": %, "satisfactory": %}."""
    total, maximum = Decimal(total), Decimal(maximum)
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    percent = total * 100 / maximum
    if percent >= Decimal(thresholds["successful"]):
        return OutcomeClass.SUCCESSFUL
    if percent >= Decimal(thresholds["satisfactory"]):
        return OutcomeClass.SATISFACTORY
    return OutcomeClass.UNSATISFACTORY
