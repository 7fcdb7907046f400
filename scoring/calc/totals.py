"""The one function that computes an expert's weighted total (DESIGN.md §3, "Units")."""

from decimal import Decimal


def weighted_total(scores_by_criterion_id, criteria) -> Decimal:
    """Sum of weight x value over ``criteria``, in the rubric's own units.

    ``scores_by_criterion_id`` maps a criterion id to its score (``Decimal``, number or ``None``);
    a criterion without a score contributes nothing (a draft total is a partial sum).
    """
    total = Decimal("0")
    for criterion in criteria:
        value = scores_by_criterion_id.get(criterion.pk)
        if value is None or value == "":
            continue
        total += Decimal(criterion.weight) * Decimal(str(value))
    return total


def maximum_total(criteria) -> Decimal:
    """The highest weighted total the rubric allows."""
    return sum((Decimal(c.weight) * Decimal(c.max_score) for c in criteria), Decimal("0"))
