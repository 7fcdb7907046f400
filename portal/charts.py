"""Charts as inline SVG strings, for the pages and the PDFs alike: pure functions, no ORM, no JavaScript.

Every chart reads without colour: marks differ by shape or pattern and carry their numbers as text,
the pass mark is a dashed line with its own label above the plot (never over a bar), and each chart
has a ``<title>`` for screen readers; the pages put a table with the same numbers beside it
(``templates/includes/chart.html``). Numbers are written in ``language`` (``portal.formatting``).
Only numbers and the labels passed in reach the SVG, and every text is escaped.
"""

from decimal import Decimal
from math import ceil
from xml.sax.saxutils import escape as _xml_escape

from portal.formatting import format_money, format_quantity, format_score

FONT = 'font-family="DejaVu Sans, sans-serif"'
INK, GRID, BRAND, MARK, ALERT = "#1b1f23", "#d5dbe1", "#0b5c8a", "#f2a100", "#b3261e"


def escape(text):
    return _xml_escape(str(text), {'"': "&quot;"})


def _open(width, height, title, font_size=11):
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT} '
            f'font-size="{font_size}" fill="{INK}"><title>{escape(title)}</title>']


def count_ticks(top, *, most=5):
    """Whole-number ticks from 0 covering ``top``, no value twice: 1 -> [0, 1], 7 -> [0, 2, 4, 6, 8]."""
    top = max(int(ceil(top)), 1)
    step = max(int(ceil(top / (most - 1))), 1)
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if nice >= step:
            step = nice
            break
    return list(range(0, step * int(ceil(top / step)) + 1, step))


def histogram(scores, *, maximum, bins=20):
    """Counts of ``scores`` in ``bins`` equal ranges of [0, maximum]: ``[{"low", "high", "count"}]``
    (a score on an upper edge falls in the next range; ``maximum`` itself in the last)."""
    maximum = Decimal(str(maximum)) if maximum else max((Decimal(str(s)) for s in scores), default=Decimal(1))
    maximum = maximum or Decimal(1)
    width = maximum / bins
    counts = [0] * bins
    for score in scores:
        index = int(Decimal(str(score)) / width) if width else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return [{"low": width * i, "high": width * (i + 1), "count": n} for i, n in enumerate(counts)]


def score_distribution(scores, *, maximum, threshold=None, bins=20, width=760, height=250, labels=None,
                       language="ru", font_size=11):
    """A histogram of final scores over [0, maximum] with the pass mark as a dashed line labelled above."""
    labels = labels or {}
    ranges = histogram(scores, maximum=maximum, bins=bins)
    top_value = float(ranges[-1]["high"])
    ticks = count_ticks(max((r["count"] for r in ranges), default=0))
    top = ticks[-1]
    left, right, upper, lower = 16 + 3 * font_size, 16, 3 * font_size + 4, 24 + 2 * font_size
    plot_w, plot_h = width - left - right, height - upper - lower
    bar_w = plot_w / bins
    base = upper + plot_h
    parts = _open(width, height, labels.get("title", ""), font_size=font_size)
    for value in ticks:
        y = base - plot_h * value / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{format_quantity(value)}</text>')
    for index, item in enumerate(ranges):
        if not item["count"]:
            continue
        bar_h = plot_h * item["count"] / top
        x = left + index * bar_w
        parts.append(f'<rect x="{x + 1:.1f}" y="{base - bar_h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                     f'height="{bar_h:.1f}" fill="{BRAND}" stroke="{INK}" stroke-width="0.5"/>')
        if bar_w >= 14:  # the count on the bar: the chart reads without the axis and without colour
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base - bar_h - 3:.1f}" text-anchor="middle" '
                         f'>{item["count"]}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{base}" stroke="{INK}"/>')
    every = max(bins // 10, 1)
    for index in range(0, bins + 1, every):
        x = left + index * bar_w
        parts.append(f'<text x="{x:.1f}" y="{base + 4 + font_size}" text-anchor="middle">'
                     f'{format_score(top_value * index / bins, language=language)}</text>')
    if threshold:
        x = left + plot_w * min(float(threshold) / top_value, 1.0)
        parts.append(f'<line x1="{x:.1f}" y1="{upper - 2 * font_size - 4}" x2="{x:.1f}" y2="{base}" stroke="{ALERT}" '
                     'stroke-width="2" stroke-dasharray="6,3"/>')
        anchor, dx = ("end", -5) if x > left + plot_w * 0.7 else ("start", 5)
        text = f'{labels.get("threshold", "")} {format_score(threshold, language=language)}'.strip()
        parts.append(f'<text x="{x + dx:.1f}" y="{upper - font_size - 8}" text-anchor="{anchor}" font-weight="bold">'
                     f'{escape(text)}</text>')
    if labels.get("y"):
        middle = upper + plot_h / 2
        parts.append(f'<text x="{font_size}" y="{middle:.1f}" text-anchor="middle" '
                     f'transform="rotate(-90 {font_size} {middle:.1f})">{escape(labels["y"])}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">'
                 f'{escape(labels.get("x", ""))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def expert_agreement(rows, *, maximum, width=760, height=270, labels=None, language="ru"):
    """Each application in rank order, left to right: its expert totals as dots (hollow rings where the
    totals diverge) and its final score as a short black dash."""
    labels = labels or {}
    maximum = float(maximum) or 1.0
    left, right, upper, lower = 48, 16, 26, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    base = upper + plot_h
    n = max(len(rows), 1)
    step = plot_w / n
    radius = max(min(step / 3, 3.5), 1.0)
    parts = _open(width, height, labels.get("title", ""))
    for tick in range(0, 5):
        y = base - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f'{format_score(maximum * tick / 4, language=language)}</text>')
    # One path per kind of mark (not one element per dot): thousands of applications stay cheap to lay out.
    dashes, agreeing, diverging = [], [], []
    half = min(max(step * 0.45, 1.5), 18)
    for index, row in enumerate(rows):
        x = left + step * (index + 0.5)
        y_final = base - plot_h * min(float(row["final_score"]) / maximum, 1.0)
        dashes.append(f"M{x - half:.1f} {y_final:.1f}h{2 * half:.1f}")
        target = diverging if row.get("divergent") else agreeing
        for total in row["expert_totals"]:
            y = base - plot_h * min(float(total) / maximum, 1.0)
            target.append(f"M{x - radius:.1f} {y:.1f}a{radius:.1f} {radius:.1f} 0 1 0 {2 * radius:.1f} 0"
                          f"a{radius:.1f} {radius:.1f} 0 1 0 {-2 * radius:.1f} 0")
    if agreeing:
        parts.append(f'<path d="{"".join(agreeing)}" fill="{BRAND}" fill-opacity="0.75"/>')
    if diverging:
        parts.append(f'<path d="{"".join(diverging)}" fill="none" stroke="{ALERT}" stroke-width="1.5"/>')
    if dashes:
        parts.append(f'<path d="{"".join(dashes)}" stroke="{INK}" stroke-width="2" fill="none"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{base}" stroke="{INK}"/>')
    every = max(int(ceil(len(rows) / 20)), 1)  # at most about 20 rank labels, whatever the number of rows
    for index, row in enumerate(rows):
        if index % every == 0 or index == len(rows) - 1 and every == 1:
            x = left + step * (index + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{base + 14}" text-anchor="middle" font-size="9">{row["rank"]}</text>')
    legend_y = upper - 12
    x = left
    for mark, text in (("dot", labels.get("dots", "")), ("ring", labels.get("rings", "") if diverging else ""),
                       ("dash", labels.get("dash", ""))):
        if not text:
            continue
        if mark == "dot":
            parts.append(f'<circle cx="{x + 5}" cy="{legend_y - 4}" r="4" fill="{BRAND}"/>')
        elif mark == "ring":
            parts.append(f'<circle cx="{x + 5}" cy="{legend_y - 4}" r="4" fill="none" stroke="{ALERT}" '
                         'stroke-width="1.5"/>')
        else:
            parts.append(f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 12}" y2="{legend_y - 4}" stroke="{INK}" '
                         'stroke-width="2"/>')
        parts.append(f'<text x="{x + 16}" y="{legend_y}">{escape(text)}</text>')
        x += 34 + len(str(text)) * 7.2  # DejaVu Sans at 11 px: at most about 7 px a letter
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">'
                 f'{escape(labels.get("x", ""))}</text>')
    parts.append("</svg>")
    return "".join(parts)


PATTERNS = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MARK}" stroke-width="3"/></pattern>')
FILLS = (BRAND, "url(#hatch)", "#fff")  # done, started, not started: told apart by pattern, not by colour alone


def progress_bar(segments, *, width=640, height=70, title=""):
    """One horizontal bar split into ``segments`` ``[(label, count)]`` (e.g. submitted, in progress, not
    started), each with its count and label written under it."""
    total = sum(count for _label, count in segments) or 1
    left, right, top, bar_h = 4, 4, 6, 26
    plot_w = width - left - right
    parts = _open(width, height, title)
    parts.append(f"<defs>{PATTERNS}</defs>")
    x = left
    for index, (_label, count) in enumerate(segments):
        w = plot_w * count / total
        if w > 0:
            parts.append(f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{FILLS[index % len(FILLS)]}" stroke="{INK}" stroke-width="1"/>')
        x += w
    legend_x = left
    for index, (label, count) in enumerate(segments):
        parts.append(f'<rect x="{legend_x}" y="{top + bar_h + 12}" width="14" height="14" '
                     f'fill="{FILLS[index % len(FILLS)]}" stroke="{INK}"/>')
        text = f"{label}: {count}"
        parts.append(f'<text x="{legend_x + 20}" y="{top + bar_h + 24}">{escape(text)}</text>')
        legend_x += 40 + len(text) * 7
    parts.append("</svg>")
    return "".join(parts)


def count_bars(items, *, width=360, bar_height=18, title=""):
    """Small horizontal bars for counts by state ``[(label, count)]``: each with its label and number."""
    top = max((count for _label, count in items), default=0) or 1
    longest = max((len(str(label)) for label, _count in items), default=0)
    label_w, number_w, gap = int(min(longest * 7.4 + 12, width * 0.6)), 36, 6
    plot_w = width - label_w - number_w
    height = len(items) * (bar_height + gap) + gap
    parts = _open(width, height, title, font_size=12)
    for index, (label, count) in enumerate(items):
        y = gap + index * (bar_height + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_height - 5}" text-anchor="end">'
                     f'{escape(str(label)[:40])}</text>')
        w = plot_w * count / top
        if count:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 2):.1f}" height="{bar_height}" fill="{BRAND}"/>')
        parts.append(f'<text x="{label_w + max(w, 2) + 4:.1f}" y="{y + bar_height - 5}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def money_pairs(items, *, width=640, bar_height=14, title="", language="ru", labels=("", "")):
    """Two bars per row ``[(label, planned, actual)]`` (e.g. awarded and disbursed): the first hollow, the second
    hatched, each with its amount written beside it; the legend names them (``labels``)."""
    top = max((max(Decimal(a or 0), Decimal(b or 0)) for _l, a, b in items), default=Decimal(0)) or Decimal(1)
    longest = max((len(str(label)) for label, _a, _b in items), default=0)
    label_w, number_w, gap = int(min(longest * 7.0 + 12, width * 0.35)), 150, 10
    plot_w = width - label_w - number_w
    height = 28 + len(items) * (2 * bar_height + gap) + gap
    parts = _open(width, height, title, font_size=11)
    parts.append(f"<defs>{PATTERNS}</defs>")
    for index, name in enumerate(labels):
        x = label_w + index * 200
        parts.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{("#fff", "url(#hatch)")[index]}" '
                     f'stroke="{INK}"/><text x="{x + 20}" y="18">{escape(name)}</text>')
    for index, (label, *values) in enumerate(items):
        y = 28 + gap + index * (2 * bar_height + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_height + 4}" text-anchor="end">'
                     f'{escape(str(label)[:40])}</text>')
        for row, value in enumerate(values):
            value = Decimal(value or 0)
            w = max(float(plot_w * value / top), 1.0)
            yy = y + row * bar_height
            parts.append(f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="{bar_height - 2}" '
                         f'fill="{("#fff", "url(#hatch)")[row]}" stroke="{INK}" stroke-width="1"/>')
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{yy + bar_height - 3}">'
                         f'{escape(format_money(value, language=language))}</text>')
    parts.append("</svg>")
    return "".join(parts)
