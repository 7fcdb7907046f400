"""Rules of a criterion's scale and of an expert's scores (scoring.rubrics.validators)."""

from decimal import Decimal as D

import pytest

from scoring.rubrics.validators import criterion_problems, is_on_scale, scale_values, score_problems, to_decimal
from tests import factories as f


@pytest.mark.parametrize(("value", "ok"), [
    ("0", True), ("0.5", True), ("2.5", True), ("5", True), ("0.25", False), ("5.5", False), ("-0.5", False),
])
def test_half_point_scale_0_to_5(value, ok):
    assert is_on_scale(D(value), min_score=D("0"), max_score=D("5"), step=D("0.5")) is ok


@pytest.mark.parametrize(("value", "ok"), [("1", True), ("9", True), ("5", True), ("0", False), ("10", False),
                                            ("4.5", False)])
def test_scale_1_to_9(value, ok):
    assert is_on_scale(D(value), min_score=D("1"), max_score=D("9"), step=D("1")) is ok


def test_scale_values_use_decimal_arithmetic():
    criterion = f.CriterionFactory.build(min_score=D("0"), max_score=D("1"), step=D("0.1"))
    values = scale_values(criterion)
    assert len(values) == 11 and values[3] == D("0.3") and values[-1] == D("1")


@pytest.mark.parametrize(("kwargs", "codes"), [
    ({"min_score": D(5), "max_score": D(5), "step": D(1), "weight": D(1)}, ["scale_order"]),
    ({"min_score": D(0), "max_score": D(5), "step": D(0), "weight": D(1)}, ["step_positive"]),
    ({"min_score": D(0), "max_score": D(5), "step": D(2), "weight": D(1)}, ["step_divides"]),
    ({"min_score": D(0), "max_score": D(5), "step": D("0.5"), "weight": D(0)}, ["weight_positive"]),
    ({"min_score": D(0), "max_score": D(5), "step": D(1), "weight": D(1), "min_required": D(6)},
     ["min_required_on_scale"]),
    ({"min_score": D(0), "max_score": D(5), "step": D(1), "weight": D(1), "min_required": D("2.5")},
     ["min_required_step"]),
    ({"min_score": D(0), "max_score": D(5), "step": D("0.5"), "weight": D("1.5"), "min_required": D("2.5")}, []),
    ({"min_score": D(0), "max_score": D(10), "step": D(1), "weight": D(1),
      "guidance": [{"from": 0, "to": 11, "text": "x"}]}, ["band_range"]),
])
def test_criterion_problems(kwargs, codes):
    assert [p.code for p in criterion_problems(**kwargs)] == codes


@pytest.mark.django_db
def test_score_problems_require_every_criterion_and_required_comments():
    rubric = f.RubricFactory()
    c1 = f.CriterionFactory(rubric=rubric, order=1, min_score=D(0), max_score=D(5), step=D("0.5"),
                            comment_required=True)
    c2 = f.CriterionFactory(rubric=rubric, order=2, min_score=D(1), max_score=D(9), step=D(1))
    scores = {c1.pk: (D("3.5"), ""), c2.pk: (None, "")}
    assert [p.code for p in score_problems(criteria=[c1, c2], scores=scores, require_complete=False)] == []
    assert [p.code for p in score_problems(criteria=[c1, c2], scores=scores, require_complete=True)] == [
        "comment_missing", "score_missing"]
    bad = {c1.pk: (D("3.25"), "why"), c2.pk: (D(0), "")}
    assert [p.field for p in score_problems(criteria=[c1, c2], scores=bad, require_complete=True)] == [
        f"criterion:{c1.pk}", f"criterion:{c2.pk}"]


def test_to_decimal_accepts_comma_and_refuses_junk():
    assert to_decimal("2,5") == D("2.5")
    assert to_decimal("  ") is None
    for junk in ("abc", "nan", "inf"):
        with pytest.raises(ValueError):
            to_decimal(junk)
