"""Charts of a frozen ranking as plain SVG strings (no JS, no images): embedded inline in the PDF and pages.

Only numbers and registration numbers reach the SVG, and every text is escaped anyway.
"""

from decimal import Decimal

from django.utils.html import escape

FONT = 'font-family="DejaVu Sans, sans-serif"'


def _num(value):
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def max_total(rubric):
    return sum((Decimal(c["weight"]) * Decimal(c["max_score"]) for c in rubric), Decimal("0"))


def score_distribution(scores, *, maximum, threshold=None, bins=20, width=760, height=220, labels=None):
    """A histogram of final scores over [0, maximum], with the pass threshold as a dashed line."""
    labels = labels or {}
    maximum = float(maximum) or max((float(s) for s in scores), default=1.0) or 1.0
    counts = [0] * bins
    for score in scores:
        index = min(int(float(score) / maximum * bins), bins - 1) if maximum else 0
        counts[max(index, 0)] += 1
    top = max(counts) or 1
    left, right, upper, lower = 44, 12, 14, 34
    plot_w, plot_h = width - left - right, height - upper - lower
    bar_w = plot_w / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(labels.get("title", ""))}" {FONT} '
             'font-size="10">']
    parts.append(f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#333"/>')
    for step in range(0, 5):
        value = round(top * step / 4)
        y = upper + plot_h - plot_h * value / top
        parts.append(f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end">{value}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
    for index, count in enumerate(counts):
        if not count:
            continue
        bar_h = plot_h * count / top
        x = left + index * bar_w
        parts.append(f'<rect x="{x + 1:.1f}" y="{upper + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" '
                     f'height="{bar_h:.1f}" fill="#0b5c8a"/>')
    for index in range(0, bins + 1, max(bins // 10, 1)):
        x = left + index * bar_w
        parts.append(f'<text x="{x:.1f}" y="{upper + plot_h + 14}" text-anchor="middle">'
                     f'{_num(maximum * index / bins)}</text>')
    if threshold:
        x = left + plot_w * min(float(threshold) / maximum, 1.0)
        parts.append(f'<line x1="{x:.1f}" y1="{upper}" x2="{x:.1f}" y2="{upper + plot_h}" stroke="#b3261e" '
                     'stroke-width="2" stroke-dasharray="5,3"/>')
        parts.append(f'<text x="{x + 4:.1f}" y="{upper + 10}" fill="#b3261e">'
                     f'{escape(labels.get("threshold", ""))} {_num(threshold)}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{escape(labels.get("x", ""))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def expert_agreement(rows, *, maximum, width=760, height=240, labels=None):
    """Each application (in rank order, left to right): its expert totals as dots, its final score as a bar."""
    labels = labels or {}
    maximum = float(maximum) or 1.0
    left, right, upper, lower = 44, 12, 14, 30
    plot_w, plot_h = width - left - right, height - upper - lower
    n = max(len(rows), 1)
    step = plot_w / n
    radius = max(min(step / 3, 3.5), 0.9)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(labels.get("title", ""))}" {FONT} '
             'font-size="10">']
    parts.append(f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#333"/>')
    for tick in range(0, 5):
        value = maximum * tick / 4
        y = upper + plot_h - plot_h * tick / 4
        parts.append(f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end">{_num(value)}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
    # One path per kind of mark (not one element per dot): thousands of applications stay cheap to lay out.
    bars, agreeing, diverging = [], [], []
    half = max(step * 0.4, 0.8)
    for index, row in enumerate(rows):
        x = left + step * (index + 0.5)
        y_final = upper + plot_h - plot_h * min(float(row["final_score"]) / maximum, 1.0)
        bars.append(f"M{x - half:.1f} {y_final:.1f}h{2 * half:.1f}")
        target = diverging if row.get("divergent") else agreeing
        for total in row["expert_totals"]:
            y = upper + plot_h - plot_h * min(float(total) / maximum, 1.0)
            target.append(f"M{x - radius:.1f} {y:.1f}a{radius:.1f} {radius:.1f} 0 1 0 {2 * radius:.1f} 0"
                          f"a{radius:.1f} {radius:.1f} 0 1 0 {-2 * radius:.1f} 0")
    if agreeing:
        parts.append(f'<path d="{"".join(agreeing)}" fill="#0b5c8a" fill-opacity="0.7"/>')
    if diverging:
        parts.append(f'<path d="{"".join(diverging)}" fill="#b3261e" fill-opacity="0.7"/>')
    if bars:
        parts.append(f'<path d="{"".join(bars)}" stroke="#f2a100" stroke-width="1.5" fill="none"/>')
    if len(rows) <= 40:
        for index, row in enumerate(rows):
            x = left + step * (index + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{upper + plot_h + 12}" text-anchor="middle" font-size="8">'
                         f'{row["rank"]}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{escape(labels.get("x", ""))}</text>')
    parts.append("</svg>")
    return "".join(parts)
