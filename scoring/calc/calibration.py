"""Calibration: an expert's scores of the reference application against the reference scores. Pure."""

from decimal import Decimal

Q3 = Decimal("0.001")


def deviations(scores, reference):
    """``{order: score - reference}`` for every criterion of the reference, and the mean absolute deviation.

    ``scores`` and ``reference`` map the criterion's order (a string) to a number (Decimal or string)."""
    result = {order: (Decimal(str(scores[order])) - Decimal(str(value))).quantize(Q3)
              for order, value in sorted(reference.items(), key=lambda kv: int(kv[0]))}
    mean = (sum((abs(d) for d in result.values()), Decimal(0)) / len(result)).quantize(Q3) if result else Decimal(0)
    return result, mean
