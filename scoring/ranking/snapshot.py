"""The content of a frozen ranking: JSON-ready, exact (decimals and times as strings), without expert identity.
``scoring.ranking.services.ranking_freeze`` hashes it with ``portal.canonical``."""

from ..calc.aggregation import ROUNDING_NOTE, q
from ..calc.plain import to_plain
from .compute import divergence_resolution, fixed

SCHEMA_VERSION = 1


def snapshot_data(ranking, *, divergence_note=""):
    """The JSON-ready content of a frozen ranking. No timestamps of the freezing itself, no expert identity:
    the same input gives the same data, hence the same hash."""
    competition = ranking.competition
    criteria = ranking.criteria
    rows = []
    for row in ranking.rows:
        agg = row.aggregate
        rows.append({
            "rank": row.rank,
            "application_id": row.application_id,
            "registration_number": row.registration_number,
            "organization": row.organization,
            "title": row.title,
            "requested_amount": row.requested_amount,
            "submitted_at": row.submitted_at,
            "final_score": agg.score,
            "method_applied": agg.result.method,
            "aggregation_note": agg.result.note,
            "z_score": agg.z_score,
            "expert_totals": [q(t) for t in agg.totals],
            "expert_z_scores": [e.z_score for e in agg.evaluations],
            "n_experts": row.n_experts,
            "criterion_means": {str(order): mean for order, mean in agg.criterion_means.items()},
            "failed_minimums": agg.failed_minimums,
            "passes_threshold": row.passes_threshold,
            "divergent": agg.divergent,
            "spread": agg.spread,
            "outcome": str(row.outcome),
            "awarded_amount": row.awarded_amount,
            "funding": row.funding,
            "tie_breaks": row.tie_breaks,
        })
    divergence = [{
        "registration_number": row.registration_number,
        "expert_totals": [q(t) for t in row.aggregate.totals],
        "spread": row.aggregate.spread,
        "limit": row.aggregate.divergence_limit,
        "final_score": row.score,
        "resolution": divergence_resolution(competition, row),
    } for row in ranking.divergent]
    data = {
        "schema": SCHEMA_VERSION,
        "competition": {
            "id": competition.pk,
            "reference": competition.reference,
            "kind": competition.kind,
            "title_kk": competition.title_kk, "title_ru": competition.title_ru, "title_en": competition.title_en,
            "body_kk": getattr(competition.body, "name_kk", ""),
            "body_ru": getattr(competition.body, "name_ru", ""),
            "opens_at": competition.opens_at,
            "closes_at": competition.closes_at,
            "total_budget": fixed(competition.total_budget),
            "experts_per_application": competition.experts_per_application,
        },
        "method": {
            "aggregation": competition.aggregation,
            "winner_rule": competition.winner_rule,
            "pass_threshold": fixed(competition.pass_threshold),
            "tie_breaks": list(competition.tie_break_chain),
            "divergence_threshold_percent": fixed(competition.divergence_threshold_percent),
            "rounding": ROUNDING_NOTE,
            "z_score": "per expert, population standard deviation; shown beside the raw score, not ranked on",
        },
        "rubric": [{
            "order": c.order, "title": c.title, "weight": c.weight, "min_score": c.min_score,
            "max_score": c.max_score, "min_required": c.min_required,
        } for c in criteria],
        "rows": rows,
        "tie_log": ranking.tie_log,
        "divergence": divergence,
        "divergence_note": divergence_note,
        "conflicts": ranking.conflicts,
        "summary": ranking.summary,
    }
    return to_plain(data)
