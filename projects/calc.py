"""Pure arithmetic of a project's money: no Django, no database. Amounts are ``Decimal`` in tenge with
two decimals; every split adds up exactly to what it splits (the last part takes the rounding)."""

from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def split_proportionally(total, weights) -> list[Decimal]:
    """``total`` split in proportion to ``weights`` (rounded down to the tenge-cent, the last part takes the
    remainder), so ``sum(result) == total``. Equal parts when every weight is zero."""
    total = cents(total)
    weights = [Decimal(w) for w in weights]
    if not weights:
        return []
    whole = sum(weights)
    if whole <= 0:
        weights, whole = [Decimal(1)] * len(weights), Decimal(len(weights))
    parts = [(total * w / whole).quantize(CENT, rounding=ROUND_DOWN) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal("0")))
    return parts


def halves(total) -> list[Decimal]:
    return split_proportionally(total, [1, 1])


def per_year(total, year_budget: dict) -> list[tuple[int, Decimal]]:
    """``total`` split over the budget years in proportion to each year's planned budget."""
    years = sorted(year_budget)
    return list(zip(years, split_proportionally(total, [year_budget[y] for y in years]), strict=True))


def remaining(amount, paid) -> Decimal:
    """What remains of ``amount`` after the payments ``paid``; never below zero in a consistent project."""
    return cents(amount) - sum((cents(p) for p in paid), Decimal("0"))


def line_move_problems(lines: dict, moves: dict, percent) -> list[tuple[str, str]]:
    """Whether moving money between budget lines keeps the total and stays within ``percent`` of each line.

    ``lines``: {line_id: planned amount}; ``moves``: {line_id: signed change}. Returns (line_id, code) pairs:
    ``unknown_line``, ``not_balanced`` (changes do not sum to zero), ``negative`` (a line below zero),
    ``over_limit`` (a change larger than ``percent`` % of the line's planned amount)."""
    problems = []
    limit = Decimal(percent) / Decimal(100)
    for line_id, change in moves.items():
        if line_id not in lines:
            problems.append((str(line_id), "unknown_line"))
            continue
        planned = cents(lines[line_id])
        change = cents(change)
        if planned + change < 0:
            problems.append((str(line_id), "negative"))
        elif abs(change) > (planned * limit).quantize(CENT):
            problems.append((str(line_id), "over_limit"))
    if sum((cents(c) for c in moves.values()), Decimal("0")) != 0:
        problems.append(("", "not_balanced"))
    return problems


VARIANCE_EXPLAIN_PERCENT = Decimal("10")


def variance(planned, spent) -> Decimal:
    """Spent minus planned (positive: overspent)."""
    return cents(spent) - cents(planned)


def variance_percent(planned, spent) -> Decimal | None:
    """|spent - planned| / planned in percent (two decimals); None when nothing was planned."""
    planned = cents(planned)
    if planned == 0:
        return None
    return (abs(cents(spent) - planned) * 100 / planned).quantize(CENT)


def needs_explanation(planned, spent, percent=VARIANCE_EXPLAIN_PERCENT) -> bool:
    """Whether the variance must be explained: more than ``percent`` % of the plan, or any spending on a line
    planned at zero. Exactly ``percent`` % needs none."""
    planned, spent = cents(planned), cents(spent)
    if planned == 0:
        return spent != 0
    return abs(spent - planned) * 100 > planned * Decimal(percent)


def achievement_percent(target, actual) -> int | None:
    """Actual as a whole percent of the target; None without a positive target."""
    target = Decimal(target)
    if target <= 0:
        return None
    return int(Decimal(actual) * 100 / target)
