"""An expert's performance across competitions, from plain rows. Pure: no database.

Input: one :class:`Scored` per submitted evaluation of the expert, with what the selector read about it.
* timeliness: share of evaluations submitted on or before their due date;
* divergence: mean of |own total - mean of the co-experts' totals| / the rubric's maximum total (0..1);
* bias: mean z-score of the own total among all totals of the same competition (0 = no systematic bias;
  positive = scores higher than the others);
* short comments: share of criterion comments shorter than ``min_comment`` characters;
* upheld appeals: appeals upheld on applications the expert scored.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

MIN_COMMENT = 50


@dataclass(frozen=True)
class Scored:
    total: Decimal
    on_time: bool
    co_totals: tuple = ()  # the other experts' totals on the same application
    competition_totals: tuple = ()  # every total of the competition (own included)
    max_total: Decimal = Decimal(0)
    comment_lengths: tuple = ()  # one per criterion score
    upheld_appeal: bool = False


@dataclass
class Performance:
    evaluations: int = 0
    timeliness: float | None = None
    divergence: float | None = None
    bias: float | None = None
    short_comments: float | None = None
    upheld_appeals: int = 0
    notes: list = field(default_factory=list)

    def as_dict(self):
        return {"evaluations": self.evaluations, "timeliness": self.timeliness, "divergence": self.divergence,
                "bias": self.bias, "short_comments": self.short_comments, "upheld_appeals": self.upheld_appeals}


def _round(value):
    return None if value is None else round(float(value), 3)


def performance(rows, *, min_comment=MIN_COMMENT):
    rows = list(rows)
    if not rows:
        return Performance()
    divergences, zs, comments = [], [], []
    for row in rows:
        if row.co_totals and row.max_total:
            co_mean = sum(row.co_totals, Decimal(0)) / len(row.co_totals)
            divergences.append(abs(row.total - co_mean) / row.max_total)
        if len(row.competition_totals) >= 2:
            values = [float(t) for t in row.competition_totals]
            spread = statistics.pstdev(values)
            if spread:
                zs.append((float(row.total) - statistics.fmean(values)) / spread)
        comments.extend(row.comment_lengths)
    return Performance(
        evaluations=len(rows),
        timeliness=_round(sum(1 for r in rows if r.on_time) / len(rows)),
        divergence=_round(sum(divergences) / len(divergences)) if divergences else None,
        bias=_round(statistics.fmean(zs)) if zs else None,
        short_comments=_round(sum(1 for n in comments if n < min_comment) / len(comments)) if comments else None,
        upheld_appeals=sum(1 for r in rows if r.upheld_appeal),
    )


def penalty_score(figures):
    """How poorly an expert performed, 0 (no concern, or no record yet) .. 1 (worst): the mean of the
    components the record has, each brought to 0..1 — lateness (1 - timeliness), divergence (x4: a quarter of
    the maximum total apart is the worst), systematic bias (|mean z| / 2), the share of short comments and
    upheld appeals (one per three evaluations is the worst)."""
    if figures is None or not figures.evaluations:
        return 0.0
    parts = []
    if figures.timeliness is not None:
        parts.append(1 - figures.timeliness)
    if figures.divergence is not None:
        parts.append(min(figures.divergence * 4, 1))
    if figures.bias is not None:
        parts.append(min(abs(figures.bias) / 2, 1))
    if figures.short_comments is not None:
        parts.append(figures.short_comments)
    parts.append(min(figures.upheld_appeals * 3 / figures.evaluations, 1))
    return round(min(max(sum(parts) / len(parts), 0.0), 1.0), 3)


def penalty_cost(figures, *, maximum):
    """The solver's integer penalty per application: ``penalty_score`` scaled to 0..``maximum``."""
    return int(round(penalty_score(figures) * maximum))
