"""Charts as inline SVG (portal/charts.py): pure functions, readable without colour, numbers in the language."""

import re
from decimal import Decimal
from xml.etree import ElementTree

from portal import charts


def texts(svg):
    root = ElementTree.fromstring(svg)
    return [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_count_ticks_never_repeat_a_value():
    assert charts.count_ticks(0) == [0, 1]
    assert charts.count_ticks(1) == [0, 1]
    assert charts.count_ticks(3) == [0, 1, 2, 3]
    assert charts.count_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.count_ticks(1000) == [0, 250, 500, 750, 1000]
    for top in range(0, 300):
        ticks = charts.count_ticks(top)
        assert len(set(ticks)) == len(ticks) and ticks[-1] >= top


def test_histogram_counts_every_score_once_with_the_maximum_in_the_last_range():
    ranges = charts.histogram(["0", "3.9", "4", "79.9", "80"], maximum=Decimal(80), bins=20)
    assert sum(r["count"] for r in ranges) == 5
    assert [r["count"] for r in ranges][:2] == [2, 1] and ranges[-1]["count"] == 2
    assert ranges[1]["low"] == 4 and ranges[1]["high"] == 8


def test_distribution_has_a_title_a_labelled_pass_mark_above_the_plot_and_decimal_commas():
    svg = charts.score_distribution(["12.5", "13", "40.25"], maximum=Decimal("45"), threshold=Decimal("22.5"),
                                    bins=10, labels={"threshold": "өту балы", "title": "Бөліну", "y": "өтінімдер"},
                                    language="kk")
    words = texts(svg)
    assert "өту балы 22,5" in words and "Бөліну" in svg and "өтінімдер" in words
    assert "<title>Бөліну</title>" in svg and 'role="img"' in svg
    # The y axis: 0, 1, 2 once each (12.5 and 13 share a range), then the counts on the two bars.
    assert words[:5] == ["0", "1", "2", "2", "1"]
    # The pass-mark label sits above the plot area (no bar reaches it).
    label_y = float(re.search(r'<text x="[\d.]+" y="([\d.]+)"[^>]*font-weight="bold">', svg).group(1))
    bar_tops = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)]
    assert bar_tops and label_y < min(bar_tops) - 10
    assert "4,5" in words  # x ticks in the language


def test_agreement_chart_tells_divergent_cases_by_shape_and_labels_at_most_about_20_ranks():
    rows = [{"rank": i + 1, "final_score": "50", "expert_totals": ["48", "52"], "divergent": i == 3}
            for i in range(1000)]
    svg = charts.expert_agreement(rows, maximum=80, labels={"dots": "expert", "rings": "divergent", "dash": "final"})
    assert 'fill="none" stroke="#b3261e"' in svg  # hollow rings, not only another colour
    rank_labels = [t for t in texts(svg) if t and t.isdigit() and int(t) > 0 and t not in {"20", "40", "60", "80"}]
    assert 10 <= len(rank_labels) <= 25
    assert {"expert", "divergent", "final"} <= set(texts(svg))
    calm = charts.expert_agreement(rows[:3], maximum=80, labels={"rings": "divergent"})
    assert "divergent" not in calm


def test_progress_bar_and_count_bars_carry_their_numbers_as_text():
    svg = charts.progress_bar([("submitted", 3), ("in progress", 2), ("to assign", 0)], title="Progress")
    assert {"submitted: 3", "in progress: 2", "to assign: 0"} <= set(texts(svg))
    assert 'url(#hatch)' in svg  # told apart by a pattern, not only by colour
    bars = charts.count_bars([("Draft", 2), ("Published <b>", 5)], title="By state")
    assert "Published &lt;b&gt;" in bars and {"2", "5"} <= set(texts(bars))
    ElementTree.fromstring(bars)
