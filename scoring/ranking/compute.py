"""The ranking of a competition: order, tie-breaks, winner rule and outcomes (the data comes from ``load``).

Order: final score (``scoring.calc.aggregation``) descending. Applications with equal final scores are
ordered by the competition's tie-break chain (``competition.tie_break_chain``), step by step:

* ``criterion:N``: higher mean on the criterion with order N (a step naming a criterion the rubric does
  not have is skipped and recorded as ``not_applicable``);
* ``lower_amount``: lower requested amount;
* ``earlier_submission``: earlier ``submitted_at``.

If the whole chain leaves two applications equal, the lower registration number (issued in submission
order) decides, recorded as ``registration_number``, so the order is always total and reproducible.
Every decision between two neighbours with the same score is recorded (``tie_breaks``: the rule that
decided and both values), on both rows and in the ranking's ``tie_log``.

Outcomes: an application is *eligible* when its final score is at or above the pass threshold and no
per-criterion mean is below that criterion's minimum; otherwise ``below_threshold``.

* ``threshold`` rule: every eligible application is a ``winner`` and is awarded its requested amount
  (if their sum exceeds the total budget, ``summary.over_budget`` says so; the rule does not cut).
* ``budget`` rule: down the ranking, an eligible application whose requested amount fits in what remains
  of ``total_budget`` is a ``winner`` (awarded its requested amount); one that no longer fits is skipped
  (recorded with the remaining budget at that point) and the next that fits is funded. Eligible
  applications not funded are ``reserve``, in ranking order (the reserve list is not limited, as DESIGN.md
  says "the rest above threshold become reserve"); ``not_funded`` is therefore not produced by the
  computation: it stays available to officials' decisions outside the ranking.

Missing work blocks freezing (``Ranking.blockers``): an admitted application with fewer submitted
evaluations than ``experts_per_application``, or with an assignment still offered, accepted or reopened.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from applications.enums import ApplicationStatus

from ..calc.aggregation import q
from ..calc.plain import plain_value
from ..enums import AssignmentStatus
from .load import aggregate_competition, assignment_statuses, declared_conflicts, ranked_applications

PENDING_ASSIGNMENT_STATUSES = (AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED, AssignmentStatus.REOPENED)


INFINITY = Decimal("Infinity")


CENTS = Decimal("0.01")


def fixed(value):
    """Money and thresholds with their stored 2 places, whether read from the database or not."""
    return Decimal(value).quantize(CENTS)


@dataclass
class Row:
    application_id: int
    registration_number: str
    organization: str
    title: str
    requested_amount: Decimal
    submitted_at: object
    aggregate: object = None        # scoring.calc.aggregation.ApplicationAggregate, None without evaluations
    rank: int | None = None
    eligible: bool = False
    passes_threshold: bool = False
    outcome: str = ""
    awarded_amount: Decimal | None = None
    funding: dict = field(default_factory=dict)
    tie_breaks: list = field(default_factory=list)

    @property
    def score(self):
        return self.aggregate.score if self.aggregate else None

    @property
    def n_experts(self):
        return len(self.aggregate.evaluations) if self.aggregate else 0


@dataclass
class Ranking:
    competition: object
    criteria: list
    rows: list                      # ranked rows, rank order
    unscored: list                  # rows without any submitted evaluation (not ranked)
    blockers: list                  # dicts: code, registration_number, detail
    tie_log: list
    conflicts: dict
    summary: dict

    @property
    def divergent(self):
        return [r for r in self.rows if r.aggregate.divergent]

    @property
    def can_freeze(self):
        return not self.blockers


def _sort_key(row, chain, criteria_orders):
    key = [-row.score]
    for step in chain:
        key.append(_step_sort_value(row, step, criteria_orders))
    key.append(row.registration_number or "")
    return key


def _step_value(row, step, criteria_orders):
    """The value a step compares (for the record), or None when it does not apply."""
    if step.startswith("criterion:"):
        order = _criterion_order(step)
        if order not in criteria_orders:
            return None
        return row.aggregate.criterion_means.get(order)
    if step == "lower_amount":
        return row.requested_amount
    if step == "earlier_submission":
        return row.submitted_at
    return None


def _step_sort_value(row, step, criteria_orders):
    value = _step_value(row, step, criteria_orders)
    if step.startswith("criterion:"):
        return -value if value is not None else INFINITY
    if step == "earlier_submission":
        return value.timestamp() if value is not None else float("inf")
    if step == "lower_amount":
        return value if value is not None else INFINITY
    return 0


def _criterion_order(step):
    try:
        return int(step.split(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _record_ties(rows, chain, criteria_orders, keys):
    """``keys``: each row's sort key (score, then one entry per chain step, then registration number)."""
    log = []
    skipped = [step for step in chain
               if step.startswith("criterion:") and _criterion_order(step) not in criteria_orders]
    for above, below in zip(rows, rows[1:], strict=False):
        if above.score != below.score:
            continue
        decided_by, values = "registration_number", (above.registration_number, below.registration_number)
        key_above, key_below = keys[above.application_id], keys[below.application_id]
        for index, step in enumerate(chain, start=1):
            if step in skipped:
                continue
            if key_above[index] != key_below[index]:
                decided_by = step
                values = (_step_value(above, step, criteria_orders), _step_value(below, step, criteria_orders))
                break
        entry = {
            "above": above.registration_number, "below": below.registration_number, "score": str(above.score),
            "rule": decided_by, "above_value": plain_value(values[0]), "below_value": plain_value(values[1]),
            "not_applicable": skipped,
        }
        log.append(entry)
        above.tie_breaks.append(entry)
        below.tie_breaks.append(entry)
    return log


def _apply_winner_rule(competition, rows):
    threshold = fixed(competition.pass_threshold)
    for row in rows:
        row.passes_threshold = row.score >= threshold
        row.eligible = row.passes_threshold and not row.aggregate.failed_minimums
    remaining = fixed(competition.total_budget)
    awarded_total = Decimal("0.00")
    for row in rows:
        if not row.eligible:
            row.outcome = ApplicationStatus.BELOW_THRESHOLD
            row.funding = {"code": "failed_minimum" if row.passes_threshold else "below_pass_threshold"}
            continue
        if competition.winner_rule == "threshold":
            row.outcome, row.awarded_amount = ApplicationStatus.WINNER, row.requested_amount
            awarded_total += row.requested_amount
            row.funding = {"code": "at_or_above_threshold"}
            continue
        if row.requested_amount <= remaining:
            remaining -= row.requested_amount
            awarded_total += row.requested_amount
            row.outcome, row.awarded_amount = ApplicationStatus.WINNER, row.requested_amount
            row.funding = {"code": "funded", "remaining_after": str(remaining)}
        else:
            row.outcome = ApplicationStatus.RESERVE
            row.funding = {"code": "does_not_fit", "remaining": str(remaining)}
    return awarded_total


def _blockers(competition, rows_by_id, assignment_statuses):
    """``assignment_statuses``: (application id, status) of every assignment of the ranked applications."""
    counts = defaultdict(Counter)
    for application_id, status in assignment_statuses:
        counts[application_id][status] += 1
    blockers = []
    required = competition.experts_per_application
    for row in sorted(rows_by_id.values(), key=lambda r: r.registration_number or ""):
        c = counts[row.application_id]
        submitted = c[AssignmentStatus.SUBMITTED]
        pending = sum(c[s] for s in PENDING_ASSIGNMENT_STATUSES)
        if pending:
            blockers.append({"code": "evaluation_pending", "registration_number": row.registration_number,
                             "application_id": row.application_id, "submitted": submitted, "pending": pending,
                             "required": required})
        elif submitted < required:
            blockers.append({"code": "missing_evaluations", "registration_number": row.registration_number,
                             "application_id": row.application_id, "submitted": submitted, "pending": 0,
                             "required": required})
    return blockers


def compute_ranking(competition) -> Ranking:
    """The live ranking. Queries: applications, criteria, scores, assignments, conflicts (5 in all)."""
    applications = ranked_applications(competition)
    rows_by_id = {pk: Row(pk, reg or "", org, title, fixed(amount), submitted)
                  for pk, reg, org, title, amount, submitted in applications}
    aggregation = aggregate_competition(competition)
    for application_id, agg in aggregation.applications.items():
        if application_id in rows_by_id:
            rows_by_id[application_id].aggregate = agg
    scored = [r for r in rows_by_id.values() if r.aggregate is not None]
    unscored = sorted((r for r in rows_by_id.values() if r.aggregate is None), key=lambda r: r.registration_number)
    chain = list(competition.tie_break_chain)
    criteria_orders = {c.order for c in aggregation.criteria}
    keys = {r.application_id: _sort_key(r, chain, criteria_orders) for r in scored}
    scored.sort(key=lambda r: keys[r.application_id])
    for index, row in enumerate(scored, start=1):
        row.rank = index
    tie_log = _record_ties(scored, chain, criteria_orders, keys)
    awarded_total = _apply_winner_rule(competition, scored)
    blockers = _blockers(competition, rows_by_id, assignment_statuses(competition))
    outcomes = Counter(r.outcome for r in scored)
    scores = [r.score for r in scored]
    summary = {
        "applications": len(rows_by_id),
        "ranked": len(scored),
        "evaluations": sum(r.n_experts for r in scored),
        "winners": outcomes[ApplicationStatus.WINNER],
        "reserve": outcomes[ApplicationStatus.RESERVE],
        "not_funded": outcomes[ApplicationStatus.NOT_FUNDED],
        "below_threshold": outcomes[ApplicationStatus.BELOW_THRESHOLD],
        "divergent": sum(1 for r in scored if r.aggregate.divergent),
        "total_budget": fixed(competition.total_budget),
        "awarded_total": awarded_total,
        "remaining_budget": fixed(competition.total_budget) - awarded_total,
        "over_budget": awarded_total > fixed(competition.total_budget),
        "highest_score": max(scores) if scores else None,
        "lowest_score": min(scores) if scores else None,
        "mean_score": q(sum(scores, Decimal("0")) / len(scores)) if scores else None,
    }
    return Ranking(competition, aggregation.criteria, scored, unscored, blockers, tie_log,
                   declared_conflicts(competition), summary)


def divergence_resolution(competition, row):
    """How a divergence case was dealt with, as a code for the report."""
    if row.n_experts > competition.experts_per_application:
        return "additional_expert"
    if competition.aggregation in ("median", "closest_pair") or (
            competition.aggregation == "trimmed_mean" and row.aggregate.result.method == "trimmed_mean"):
        return "robust_method"
    return "accepted_by_official"
