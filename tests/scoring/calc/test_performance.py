from decimal import Decimal as D

from scoring.calc.calibration import deviations
from scoring.calc.performance import Scored, performance


def test_empty_history_has_no_figures():
    assert performance([]).as_dict() == {"evaluations": 0, "timeliness": None, "divergence": None, "bias": None,
                                         "short_comments": None, "upheld_appeals": 0}


def test_every_figure_from_two_evaluations():
    rows = [
        Scored(total=D(16), on_time=True, co_totals=(D(12),), competition_totals=(D(16), D(12), D(10), D(14)),
               max_total=D(20), comment_lengths=(10, 80), upheld_appeal=True),
        Scored(total=D(10), on_time=False, co_totals=(D(10), D(14)), competition_totals=(D(16), D(12), D(10), D(14)),
               max_total=D(20), comment_lengths=(60, 70)),
    ]
    result = performance(rows).as_dict()
    assert result["evaluations"] == 2
    assert result["timeliness"] == 0.5
    assert result["divergence"] == round((4 / 20 + 2 / 20) / 2, 3)  # |16-12|/20 and |10-12|/20
    # totals 16,12,10,14: mean 13, population sd sqrt(5); z = 3/sqrt(5) and -3/sqrt(5): no systematic bias.
    assert result["bias"] == 0.0
    assert result["short_comments"] == 0.25
    assert result["upheld_appeals"] == 1


def test_calibration_deviation_per_criterion():
    result, mean = deviations({"1": D(7), "2": D("2.5")}, {"1": "8", "2": "2"})
    assert result == {"1": D("-1.000"), "2": D("0.500")}
    assert mean == D("0.750")
