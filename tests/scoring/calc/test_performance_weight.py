"""Performance as an optional weight of the automatic assignment (scoring.calc.solver / performance / draw)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.calc import draw
from scoring.calc.performance import Performance, penalty_cost, penalty_score
from scoring.calc.solver import PERFORMANCE_MAX, ApplicationSlot, ExpertSlot, solve


@st.composite
def instances(draw_, *, penalties=False):
    m = draw_(st.integers(min_value=2, max_value=7))
    n = draw_(st.integers(min_value=1, max_value=10))
    k = draw_(st.integers(min_value=1, max_value=min(2, m)))
    capacity = -(-n * k // m) + 2
    experts = [ExpertSlot(id=e, capacity=capacity, areas=frozenset(draw_(st.sets(st.integers(0, 2), max_size=2))),
                          regions=frozenset({draw_(st.integers(0, 3))}),
                          penalty=draw_(st.integers(0, PERFORMANCE_MAX)) if penalties else 0)
               for e in range(1, m + 1)]
    applications = [ApplicationSlot(id=a, needed=k, area=draw_(st.integers(0, 2)), region=draw_(st.integers(0, 3)))
                    for a in range(1, n + 1)]
    return experts, applications, k


def _unweighted(experts):
    return [ExpertSlot(id=e.id, capacity=e.capacity, areas=e.areas, regions=e.regions,
                       existing_load=e.existing_load) for e in experts]


@settings(max_examples=80, deadline=None)
@given(instances(), st.integers(0, 2**31 - 1))
def test_weight_off_changes_nothing(instance, seed):
    """Penalties of 0 (the option off) give exactly the answer of the solver without the option."""
    experts, applications, _k = instance
    assert solve(experts=experts, applications=applications, seed=seed).pairs == solve(
        experts=_unweighted(experts), applications=applications, seed=seed).pairs


@settings(max_examples=80, deadline=None)
@given(instances(penalties=True), st.integers(0, 2**31 - 1))
def test_weight_on_is_bounded_and_deterministic(instance, seed):
    """Every slot is still filled, the same seed gives the same pairs, and no expert is pushed more than two
    applications below another (a bounded penalty)."""
    experts, applications, k = instance
    first = solve(experts=experts, applications=applications, seed=seed)
    assert first.pairs == solve(experts=experts, applications=applications, seed=seed).pairs
    per_app = Counter(a for _e, a in first.pairs)
    assert all(per_app[a.id] == k for a in applications)
    loads = first.loads
    assert max(loads.values()) - min(loads.values()) <= 3


def test_a_poorly_performing_expert_gets_fewer_at_equal_expertise():
    experts = [ExpertSlot(id=e, capacity=10, areas=frozenset({1})) for e in range(1, 5)]
    applications = [ApplicationSlot(id=a, needed=2, area=1) for a in range(1, 9)]  # 16 slots over 4 experts
    even = solve(experts=experts, applications=applications, seed=7)
    assert even.loads == {1: 4, 2: 4, 3: 4, 4: 4}
    poor = [ExpertSlot(id=1, capacity=10, areas=frozenset({1}), penalty=PERFORMANCE_MAX), *experts[1:]]
    weighted = solve(experts=poor, applications=applications, seed=7)
    assert weighted.loads[1] < 4 and weighted.loads[1] == min(weighted.loads.values())
    assert sum(weighted.loads.values()) == 16
    # a mild penalty only decides who takes the applications an even split leaves over
    applications = applications[:7]  # 14 slots: two experts take 4, two take 3
    mild = [ExpertSlot(id=1, capacity=10, areas=frozenset({1}), penalty=300), *experts[1:]]
    assert solve(experts=mild, applications=applications, seed=7).loads[1] == 3


def test_penalty_score_from_the_track_record():
    assert penalty_score(None) == 0 and penalty_score(Performance()) == 0
    perfect = Performance(evaluations=4, timeliness=1.0, divergence=0.0, bias=0.0, short_comments=0.0)
    assert penalty_score(perfect) == 0
    worst = Performance(evaluations=3, timeliness=0.0, divergence=0.5, bias=-3.0, short_comments=1.0,
                        upheld_appeals=1)
    assert penalty_score(worst) == 1 and penalty_cost(worst, maximum=PERFORMANCE_MAX) == PERFORMANCE_MAX
    some = Performance(evaluations=4, timeliness=0.5, divergence=None, bias=None, short_comments=None)
    assert penalty_score(some) == 0.25  # mean of lateness 0.5 and upheld appeals 0


def test_draw_inputs_carry_the_penalties_and_the_rerun_weighs_them():
    experts = [ExpertSlot(id=10 + e, capacity=10, areas=frozenset({1}), penalty=PERFORMANCE_MAX if e == 1 else 0)
               for e in range(1, 5)]
    applications = [ApplicationSlot(id=100 + a, needed=2, area=1) for a in range(1, 9)]
    plain, _e, _a = draw.build_inputs(experts=experts, applications=applications, forbidden=set(),
                                      require_outside_region=False)
    assert "weigh_performance" not in plain and "penalty" not in plain["experts"][0]
    weighed, _e, _a = draw.build_inputs(experts=experts, applications=applications, forbidden=set(),
                                        require_outside_region=False, weigh_performance=True)
    assert weighed["weigh_performance"] is True
    assert [row["penalty"] for row in weighed["experts"]] == [PERFORMANCE_MAX, 0, 0, 0]
    assert Counter(e for e, _a in draw.run(plain, "seed-for-the-test"))[1] == 4
    assert Counter(e for e, _a in draw.run(weighed, "seed-for-the-test"))[1] < 4
    # a file that lists penalties without the flag (or an older file) runs without them
    unflagged = {**weighed, "weigh_performance": False}
    assert draw.run(unflagged, "seed-for-the-test") == draw.run(plain, "seed-for-the-test")
