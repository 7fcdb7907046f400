"""The live ranking (scoring.ranking.compute): order, tie-breaks, winner rules, outcomes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from scoring.ranking.compute import compute_ranking
from tests.scoring.results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db

D = Decimal

def order(ranking):
    return [r.registration_number for r in ranking.rows]


def test_ranking_by_final_score_with_outcomes_under_the_budget_rule(official):
    # Budget 5 M. Scores 18, 16, 14, 12, 6 (threshold 10). Requests 2 M, 4 M, 2 M, 1 M, 1 M.
    # A (18) funded, 3 M left; B (16, 4 M) does not fit -> skipped, reserve; C (14, 2 M) funded, 1 M left;
    # D (12, 1 M) funded, 0 left; E (6) below threshold.
    competition = ranked_competition(weights=("1", "1"), pass_threshold="10", total_budget="5000000")
    a = scored_application(competition, [[9, 9], [9, 9]], requested="2000000")
    b = scored_application(competition, [[8, 8], [8, 8]], requested="4000000")
    c = scored_application(competition, [[7, 7], [7, 7]], requested="2000000")
    d = scored_application(competition, [[6, 6], [6, 6]], requested="1000000")
    e = scored_application(competition, [[3, 3], [3, 3]], requested="1000000")
    ranking = compute_ranking(competition)
    assert order(ranking) == [x.registration_number for x in (a, b, c, d, e)]
    assert [(r.rank, r.outcome, r.awarded_amount) for r in ranking.rows] == [
        (1, "winner", D("2000000")), (2, "reserve", None), (3, "winner", D("2000000")),
        (4, "winner", D("1000000")), (5, "below_threshold", None)]
    assert ranking.rows[1].funding == {"code": "does_not_fit", "remaining": "3000000.00"}
    assert ranking.rows[2].funding == {"code": "funded", "remaining_after": "1000000.00"}
    assert ranking.rows[4].funding == {"code": "below_pass_threshold"}
    assert ranking.summary["awarded_total"] == D("5000000") and ranking.summary["remaining_budget"] == 0
    assert ranking.blockers == []


def test_threshold_rule_funds_everyone_at_or_above_the_pass_score():
    competition = ranked_competition(weights=("1",), winner_rule="threshold", pass_threshold="6",
                                     total_budget="5000000")
    at = scored_application(competition, [[6], [6]], requested="3000000")
    above = scored_application(competition, [[9], [9]], requested="3000000")
    below = scored_application(competition, [[5], [6]])
    ranking = compute_ranking(competition)
    outcomes = {r.registration_number: r.outcome for r in ranking.rows}
    assert outcomes == {above.registration_number: "winner", at.registration_number: "winner",
                        below.registration_number: "below_threshold"}
    assert ranking.summary["over_budget"] is True  # 6 M awarded on a 5 M budget is reported, not cut


def test_a_failed_criterion_minimum_beats_a_high_total():
    competition = ranked_competition(weights=("1", "3"), minimums=("5", None), pass_threshold="10")
    high = scored_application(competition, [[4, 10], [4, 10]])  # total 34, but criterion 1 mean 4 < 5
    ok = scored_application(competition, [[5, 5], [5, 5]])      # total 20
    ranking = compute_ranking(competition)
    rows = {r.registration_number: r for r in ranking.rows}
    assert rows[high.registration_number].rank == 1
    assert rows[high.registration_number].outcome == "below_threshold"
    assert rows[high.registration_number].funding == {"code": "failed_minimum"}
    assert rows[ok.registration_number].outcome == "winner"


def test_ties_resolved_at_each_step_of_the_chain():
    chain = ["criterion:1", "criterion:2", "lower_amount", "earlier_submission"]
    competition = ranked_competition(weights=("1", "1", "1"), tie_breaks=chain)
    now = timezone.now()
    # All totals 15. Criterion 1 separates P1 (7) from the rest (5);
    # criterion 2 separates P2 (6) from the rest (5); lower amount separates P3;
    # the earlier submission separates P4 from P5; P6 and P7 are equal on everything: registration number.
    p1 = scored_application(competition, [[7, 4, 4]], requested="2000000")
    p2 = scored_application(competition, [[5, 6, 4]], requested="2000000")
    p3 = scored_application(competition, [[5, 5, 5]], requested="1000000")
    p4 = scored_application(competition, [[5, 5, 5]], requested="2000000", submitted_at=now - timedelta(days=30))
    p5 = scored_application(competition, [[5, 5, 5]], requested="2000000", submitted_at=now - timedelta(days=29))
    same_time = now - timedelta(days=28)
    p6 = scored_application(competition, [[5, 5, 5]], requested="2000000", submitted_at=same_time)
    p7 = scored_application(competition, [[5, 5, 5]], requested="2000000", submitted_at=same_time)
    ranking = compute_ranking(competition)
    expected = [p1, p2, p3, p4, p5]
    expected += sorted([p6, p7], key=lambda a: a.registration_number)
    assert order(ranking) == [a.registration_number for a in expected]
    assert [entry["rule"] for entry in ranking.tie_log] == [
        "criterion:1", "criterion:2", "lower_amount", "earlier_submission", "earlier_submission",
        "registration_number"]
    first = ranking.tie_log[0]
    assert (first["above"], first["below"], first["above_value"], first["below_value"]) == (
        p1.registration_number, p2.registration_number, "7.000", "5.000")
    assert ranking.tie_log[2]["above_value"] == "1000000.00"
    # Each row carries the decisions it took part in.
    assert [e["rule"] for e in ranking.rows[1].tie_breaks] == ["criterion:1", "criterion:2"]


def test_a_tie_break_on_a_missing_criterion_is_skipped_and_recorded():
    competition = ranked_competition(weights=("1",), tie_breaks=["criterion:5", "lower_amount"])
    cheap = scored_application(competition, [[5]], requested="1000000")
    dear = scored_application(competition, [[5]], requested="2000000")
    ranking = compute_ranking(competition)
    assert order(ranking) == [cheap.registration_number, dear.registration_number]
    assert ranking.tie_log[0]["rule"] == "lower_amount"
    assert ranking.tie_log[0]["not_applicable"] == ["criterion:5"]


def test_compute_ranking_query_count_does_not_grow(django_assert_max_num_queries):
    competition = ranked_competition(weights=("1", "1"))
    for _ in range(6):
        scored_application(competition, [[5, 5], [6, 6]])
    with django_assert_max_num_queries(6):
        compute_ranking(competition)
