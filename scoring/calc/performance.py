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
