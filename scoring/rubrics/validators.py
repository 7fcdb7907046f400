"""Rules shared by the rubric builder, the scoring form, the services and the API. Decimal arithmetic only."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Problem:
    code: str
    field: str  # "criterion:<id>", "comment:<id>", "min_score", ...
    message: str


def to_decimal(value):
    """``Decimal`` from user input (comma as decimal separator allowed); None for empty; raises ValueError."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(",", ".")
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def is_on_scale(value, *, min_score, max_score, step):
    value, min_score, max_score, step = (Decimal(str(v)) for v in (value, min_score, max_score, step))
    return min_score <= value <= max_score and (value - min_score) % step == 0


def scale_values(criterion):
    """Every allowed score of a criterion, lowest first."""
    values, current = [], Decimal(criterion.min_score)
    while current <= Decimal(criterion.max_score) and len(values) < 1001:
        values.append(current.normalize() if current != current.to_integral() else current.quantize(Decimal("1")))
        current += Decimal(criterion.step)
    return values


def criterion_problems(*, min_score, max_score, step, weight, min_required=None, guidance=()):
    """Problems with one criterion's scale, keyed by field name."""
    problems = []
    if min_score is not None and max_score is not None and min_score >= max_score:
        problems.append(Problem("scale_order", "max_score", _("The maximum must be greater than the minimum.")))
    if step is not None and step <= 0:
        problems.append(Problem("step_positive", "step", _("The step must be greater than zero.")))
    elif (step is not None and min_score is not None and max_score is not None and min_score < max_score
          and (max_score - min_score) % step != 0):
        problems.append(Problem("step_divides", "step",
                                _("The step must divide the range from the minimum to the maximum exactly.")))
    elif step is not None and min_score is not None and max_score is not None and min_score < max_score \
            and (max_score - min_score) / step > 1000:
        problems.append(Problem("step_too_small", "step", _("At most 1000 steps on a scale.")))
    if weight is not None and weight <= 0:
        problems.append(Problem("weight_positive", "weight", _("The weight must be greater than zero.")))
    if min_required is not None and min_score is not None and max_score is not None and not problems:
        if not (min_score <= min_required <= max_score):
            problems.append(Problem("min_required_on_scale", "min_required",
                                    _("The minimum score required must lie on the scale.")))
        elif not is_on_scale(min_required, min_score=min_score, max_score=max_score, step=step):
            problems.append(Problem("min_required_step", "min_required",
                                    _("The minimum score required must be a value of the scale (mind the step).")))
    for band in guidance or ():
        low, high = band.get("from"), band.get("to")
        if low is None or high is None or not str(band.get("text", "")).strip():
            problems.append(Problem("band_incomplete", "guidance",
                                    _("Each guidance band needs a from value, a to value and a text.")))
            break
        if min_score is not None and max_score is not None and not (
                min_score <= Decimal(str(low)) <= Decimal(str(high)) <= max_score):
            problems.append(Problem("band_range", "guidance",
                                    _("Guidance bands must lie on the scale with from ≤ to.")))
            break
    return problems


def score_problems(*, criteria, scores, require_complete):
    """Problems with an expert's scores. ``scores``: criterion id -> (value or None, comment)."""
    problems = []
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        key = f"criterion:{criterion.pk}"
        if value is None:
            if require_complete:
                problems.append(Problem("score_missing", key,
                                        _("Score criterion %(n)s.") % {"n": criterion.order}))
        elif not is_on_scale(value, min_score=criterion.min_score, max_score=criterion.max_score,
                             step=criterion.step):
            problems.append(Problem("score_off_scale", key, _(
                "Criterion %(n)s: the score must be between %(min)s and %(max)s in steps of %(step)s.") % {
                "n": criterion.order, "min": _plain(criterion.min_score), "max": _plain(criterion.max_score),
                "step": _plain(criterion.step)}))
        if require_complete and criterion.comment_required and not (comment or "").strip():
            problems.append(Problem("comment_missing", f"comment:{criterion.pk}",
                                    _("Criterion %(n)s needs a comment.") % {"n": criterion.order}))
    return problems


def _plain(number):
    number = Decimal(number)
    return str(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize())
