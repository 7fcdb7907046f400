"""Aggregation of submitted evaluations into one score per application (DESIGN.md §3, "Aggregation").

Inputs are the SUBMITTED evaluations only (assignment status ``submitted``); drafts, reopened and
recused assignments do not count. Each expert's weighted total comes from
``scoring.calc.totals.weighted_total`` (the one function that computes it).

Pure: no Django, no database. ``scoring.ranking.load`` reads the criteria and the submitted scores (two
queries) and hands them to ``aggregate_rows``; tests call it with plain tuples.

Methods (``competition.aggregation``):

* ``mean``: arithmetic mean of the expert totals.
* ``median``: the middle total; with an even count the mean of the two middle totals.
* ``trimmed_mean``: drop one highest and one lowest total, mean of the rest. Needs at least 5 totals;
  with fewer the mean is used instead and the fallback is recorded (code ``trimmed_mean_fallback``).
* ``closest_pair``: mean of the two totals that are closest to each other (EEA rule). The closest pair is
  always adjacent once the totals are sorted. When several pairs are equally close, the pair with the
  HIGHER mean is taken (in the applicant's favour); this is deterministic whatever the input order.
  With one total that total is used (code ``single_evaluation``).

Rounding: every figure that leaves this module (final score, per-criterion means, z-scores, spreads)
is a ``Decimal`` quantized to 3 decimal places with ROUND_HALF_UP. Intermediate sums are exact
(``Decimal`` with 28 significant digits); only the result is rounded, once.

Normalisation: each expert's totals across the competition give that expert a mean and a population
standard deviation; a total's z-score is ``(total - expert mean) / expert sd`` (0 when the expert has a
single evaluation or identical totals: nothing to normalise). An application's z-score is the mean of its
experts' z-scores. It is shown BESIDE the raw score and never used for ranking.

Per-criterion means are plain means over the submitted evaluations, in the criterion's own scale; a
criterion's ``min_required`` is compared with that mean (below it the application fails the minimum,
whatever its total). The pass threshold (``competition.pass_threshold``) is in weighted-total units and
is compared with the final score (at or above passes).
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .divergence import divergence_of
from .totals import weighted_total

# The values of ``competitions.enums.AggregationMethod`` (plain strings: this module imports no Django).
MEAN, MEDIAN, TRIMMED_MEAN, CLOSEST_PAIR = "mean", "median", "trimmed_mean", "closest_pair"
PLACES = Decimal("0.001")
ROUNDING_NOTE = "3 decimal places, ROUND_HALF_UP"
ZERO = Decimal("0")
TRIMMED_MEAN_MINIMUM = 5


def q(value):
    """Quantize to the module's rounding (3 places, half up)."""
    return Decimal(value).quantize(PLACES, rounding=ROUND_HALF_UP)


def _mean(values):
    return sum(values, ZERO) / len(values)


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


class _Criterion(namedtuple("_Criterion", "pk weight order min_required")):
    __slots__ = ()


@dataclass(frozen=True)
class Aggregate:
    score: Decimal | None       # quantized final score; None without evaluations
    method: str                 # the method actually applied
    note: str = ""              # a code explaining a fallback or a choice, "" when none
    used: tuple = ()            # the totals the score was computed from (sorted)


def aggregate(totals, method) -> Aggregate:
    """Combine expert totals with ``method``. Pure: the same totals in any order give the same result."""
    totals = sorted(Decimal(t) for t in totals)
    if not totals:
        return Aggregate(None, method, "no_evaluations")
    if method == MEDIAN:
        return Aggregate(q(_median(totals)), method, "", tuple(totals))
    if method == TRIMMED_MEAN:
        if len(totals) < TRIMMED_MEAN_MINIMUM:
            return Aggregate(q(_mean(totals)), MEAN, "trimmed_mean_fallback", tuple(totals))
        kept = totals[1:-1]
        return Aggregate(q(_mean(kept)), method, "", tuple(kept))
    if method == CLOSEST_PAIR:
        if len(totals) == 1:
            return Aggregate(q(totals[0]), method, "single_evaluation", tuple(totals))
        best = None
        for low, high in zip(totals, totals[1:], strict=False):
            key = (high - low, -(low + high))  # closest first; on a tie the higher pair
            if best is None or key < best[0]:
                best = (key, (low, high))
        pair = best[1]
        ties = sum(1 for low, high in zip(totals, totals[1:], strict=False) if high - low == best[0][0])
        return Aggregate(q(_mean(pair)), method, "closest_pair_tie_higher" if ties > 1 else "", pair)
    return Aggregate(q(_mean(totals)), MEAN, "", tuple(totals))


@dataclass
class ExpertEvaluation:
    assignment_id: int
    expert_id: int
    scores: dict                # criterion id -> Decimal
    total: Decimal = ZERO
    z_score: Decimal | None = None


@dataclass
class ApplicationAggregate:
    application_id: int
    evaluations: list = field(default_factory=list)  # ExpertEvaluation, by assignment id
    result: Aggregate | None = None
    criterion_means: dict = field(default_factory=dict)  # criterion order -> Decimal
    failed_minimums: list = field(default_factory=list)  # criterion orders whose mean is below min_required
    z_score: Decimal | None = None
    spread: Decimal = ZERO
    divergence_limit: Decimal = ZERO
    divergent: bool = False

    @property
    def totals(self):
        return [e.total for e in self.evaluations]

    @property
    def score(self):
        return self.result.score if self.result else None


@dataclass
class CompetitionAggregate:
    criteria: list
    applications: dict          # application id -> ApplicationAggregate


def aggregate_rows(*, criteria, rows, method, threshold_percent) -> CompetitionAggregate:
    """Aggregate submitted scores into one result per application.

    ``criteria``: objects with ``pk``, ``weight``, ``order``, ``min_required``; ``rows``: tuples
    (application id, assignment id, expert id, criterion id, value), one per criterion score;
    ``method``: the aggregation method; ``threshold_percent``: the divergence threshold."""
    # Plain stand-ins for the criteria (same pk, weight, order, minimum): the model's ``pk`` property costs
    # more than the arithmetic when looked up 600,000 times.
    light = [_Criterion(c.pk, Decimal(c.weight), c.order, c.min_required) for c in criteria]
    evaluations = {}
    by_application = defaultdict(list)
    for application_id, assignment_id, expert_id, criterion_id, value in rows:
        evaluation = evaluations.get(assignment_id)
        if evaluation is None:
            evaluation = evaluations[assignment_id] = ExpertEvaluation(assignment_id, expert_id, {})
            by_application[application_id].append(evaluation)
        evaluation.scores[criterion_id] = value
    for evaluation in evaluations.values():
        evaluation.total = weighted_total(evaluation.scores, light)

    _z_scores(evaluations.values())
    threshold_percent = Decimal(threshold_percent)
    result = {}
    for application_id, items in by_application.items():
        items.sort(key=lambda e: e.assignment_id)
        agg = ApplicationAggregate(application_id, items)
        totals = agg.totals
        agg.result = aggregate(totals, method)
        score_maps = [e.scores for e in items]
        for criterion in light:
            pk = criterion.pk
            values = [v for v in (m.get(pk) for m in score_maps) if v is not None]
            if not values:
                continue
            mean = q(_mean(values))
            agg.criterion_means[criterion.order] = mean
            if criterion.min_required is not None and mean < criterion.min_required:
                agg.failed_minimums.append(criterion.order)
        zs = [e.z_score for e in items if e.z_score is not None]
        agg.z_score = q(_mean(zs)) if zs else None
        high, low = max(totals), min(totals)
        agg.spread = q(high - low)
        agg.divergence_limit = q(high * threshold_percent / 100)
        divergence = divergence_of(totals, threshold_percent)  # the one definition (calc.divergence)
        agg.divergent = bool(divergence and divergence[2])
        result[application_id] = agg
    return CompetitionAggregate(criteria, result)


def _z_scores(evaluations):
    by_expert = defaultdict(list)
    for evaluation in evaluations:
        by_expert[evaluation.expert_id].append(evaluation)
    for items in by_expert.values():
        totals = [e.total for e in items]
        mean = _mean(totals)
        variance = sum(((t - mean) ** 2 for t in totals), ZERO) / len(totals)
        sd = variance.sqrt() if variance else ZERO
        for evaluation in items:
            evaluation.z_score = q((evaluation.total - mean) / sd) if sd else ZERO
