"""Property tests of the min-cost-flow assignment solver (scoring.calc.solver)."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.calc.solver import ApplicationSlot, AssignmentInfeasible, ExpertSlot, solve


@st.composite
def instances(draw, *, free=False):
    m = draw(st.integers(min_value=1, max_value=9))
    n = draw(st.integers(min_value=1, max_value=12))
    k = draw(st.integers(min_value=1, max_value=min(3, m)))
    if free:
        capacity = -(-n * k // m)  # exactly enough room for perfectly even loads
        forbidden = set()
    else:
        capacity = draw(st.integers(min_value=1, max_value=n))
        pairs = [(e, a) for e in range(1, m + 1) for a in range(1, n + 1)]
        forbidden = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3))) if pairs else set()
    experts = [ExpertSlot(id=e, capacity=capacity, areas=frozenset(draw(st.sets(st.integers(0, 2), max_size=2))),
                          regions=frozenset({draw(st.integers(0, 3))})) for e in range(1, m + 1)]
    applications = [ApplicationSlot(id=a, needed=k, area=draw(st.integers(0, 2)), region=draw(st.integers(0, 3)),
                                    needs_outside_expert=True) for a in range(1, n + 1)]
    return experts, applications, forbidden, k


def _networkx_max_flow(experts, applications, forbidden):
    import networkx as nx

    graph = nx.DiGraph()
    for expert in experts:
        graph.add_edge("s", ("e", expert.id), capacity=expert.capacity)
        for application in applications:
            if (expert.id, application.id) not in forbidden:
                graph.add_edge(("e", expert.id), ("a", application.id), capacity=1)
    for application in applications:
        graph.add_edge(("a", application.id), "t", capacity=application.needed)
    return nx.maximum_flow_value(graph, "s", "t")


def _check(result, experts, applications, forbidden, k, outside=False):
    assert not set(result.pairs) & forbidden, "a conflicted pair was assigned"
    assert len(set(result.pairs)) == len(result.pairs)
    per_app = Counter(a for _e, a in result.pairs)
    assert all(per_app[a.id] == k for a in applications), "every application gets exactly k"
    per_expert = Counter(e for e, _a in result.pairs)
    capacity = {e.id: e.capacity for e in experts}
    assert all(per_expert[e] <= capacity[e] for e in per_expert), "no expert above the maximum load"
    if outside:
        regions = {e.id: e.regions for e in experts}
        app_region = {a.id: a.region for a in applications}
        for application in applications:
            assert any(app_region[application.id] not in regions[e] for e, a in result.pairs if a == application.id)


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(0, 1000), st.booleans())
def test_feasible_means_exactly_k_no_conflict_and_infeasible_is_explained(instance, seed, outside):
    experts, applications, forbidden, k = instance
    try:
        result = solve(experts=experts, applications=applications, forbidden=forbidden, seed=seed,
                       require_outside_region=outside)
    except AssignmentInfeasible as infeasible:
        # Never a partial result: the numbers explain why not every slot can be filled.
        assert infeasible.slots_needed == k * len(applications)
        assert infeasible.max_fillable < infeasible.slots_needed
        if not outside:
            # Truly infeasible: an independent max-flow on the same network cannot route every slot either.
            assert _networkx_max_flow(experts, applications, forbidden) == infeasible.max_fillable
        return
    _check(result, experts, applications, forbidden, k, outside=outside)


@settings(max_examples=150, deadline=None)
@given(instances(free=True), st.integers(0, 1000))
def test_free_loads_are_even_within_one(instance, seed):
    experts, applications, forbidden, k = instance
    result = solve(experts=experts, applications=applications, forbidden=forbidden, seed=seed)
    _check(result, experts, applications, forbidden, k)
    loads = [result.loads[e.id] for e in experts]
    assert max(loads) - min(loads) <= 1


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 1000))
def test_same_seed_same_result(instance, seed):
    experts, applications, forbidden, k = instance
    try:
        first = solve(experts=experts, applications=applications, forbidden=forbidden, seed=seed)
    except AssignmentInfeasible as infeasible:
        with pytest.raises(AssignmentInfeasible) as again:
            solve(experts=list(reversed(experts)), applications=applications, forbidden=forbidden, seed=seed)
        assert again.value.as_dict() == infeasible.as_dict()
        return
    second = solve(experts=list(reversed(experts)), applications=list(reversed(applications)),
                   forbidden=set(forbidden), seed=seed)
    assert first.pairs == second.pairs


def test_infeasible_reports_numbers_and_shortfalls():
    experts = [ExpertSlot(id=1, capacity=5), ExpertSlot(id=2, capacity=5)]
    applications = [ApplicationSlot(id=10, needed=2), ApplicationSlot(id=11, needed=2)]
    with pytest.raises(AssignmentInfeasible) as refused:
        solve(experts=experts, applications=applications, forbidden={(1, 11)})
    details = refused.value.as_dict()
    assert details["slots_needed"] == 4
    assert details["capacity_available"] == 3  # expert 1: min(5, 1 eligible), expert 2: min(5, 2)
    assert details["max_fillable"] == 3
    assert details["shortfalls"] == [{"application_id": 11, "needed": 2, "eligible": 1, "outside_eligible": None}]


def test_capacity_shortage_is_reported_without_a_per_application_shortfall():
    experts = [ExpertSlot(id=e, capacity=1) for e in (1, 2, 3)]
    applications = [ApplicationSlot(id=a, needed=2) for a in (10, 11)]
    with pytest.raises(AssignmentInfeasible) as refused:
        solve(experts=experts, applications=applications)
    assert (refused.value.slots_needed, refused.value.capacity_available, refused.value.max_fillable) == (4, 3, 3)
    assert refused.value.shortfalls == []


def test_outside_region_expert_is_required_when_asked():
    experts = [ExpertSlot(id=1, capacity=2, regions=frozenset({5})),
               ExpertSlot(id=2, capacity=2, regions=frozenset({5})),
               ExpertSlot(id=3, capacity=2, regions=frozenset({6}))]
    applications = [ApplicationSlot(id=10, needed=2, region=5, needs_outside_expert=True)]
    result = solve(experts=experts, applications=applications, require_outside_region=True)
    assert 3 in {e for e, _a in result.pairs}
    with pytest.raises(AssignmentInfeasible) as refused:
        solve(experts=experts[:2], applications=applications, require_outside_region=True)
    assert refused.value.shortfalls[0].outside_eligible == 0


def test_area_expertise_is_preferred_when_loads_allow():
    experts = [ExpertSlot(id=1, capacity=1, areas=frozenset({9})), ExpertSlot(id=2, capacity=1),
               ExpertSlot(id=3, capacity=1, areas=frozenset({9}))]
    applications = [ApplicationSlot(id=10, needed=2, area=9)]
    for seed in range(5):
        assert solve(experts=experts, applications=applications, seed=seed).pairs == [(1, 10), (3, 10)]


def test_existing_load_is_counted_for_evenness():
    experts = [ExpertSlot(id=1, capacity=3, existing_load=2), ExpertSlot(id=2, capacity=3)]
    applications = [ApplicationSlot(id=10, needed=1), ApplicationSlot(id=11, needed=1)]
    result = solve(experts=experts, applications=applications)
    assert [e for e, _a in result.pairs] == [2, 2]
