"""Divergence of expert totals (DESIGN.md §3, "Divergence"): the one definition, pure arithmetic."""

from decimal import Decimal


def divergence_of(totals, threshold_percent):
    """(difference, percent of the higher total, diverges?) for submitted expert totals; None under two totals."""
    totals = [Decimal(t) for t in totals if t is not None]
    if len(totals) < 2:
        return None
    high, low = max(totals), min(totals)
    difference = high - low
    percent = (difference * 100 / high) if high > 0 else Decimal("0")
    return difference, percent.quantize(Decimal("0.1")), percent > Decimal(threshold_percent)
