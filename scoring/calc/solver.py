"""Automatic expert assignment as a min-cost flow (OR-Tools ``SimpleMinCostFlow``).

Pure: no database access. ``scoring.assignment.services`` builds the inputs from the pool and stores the proposal.

The network
-----------
::

    source --(one arc per load unit, cost LOAD_STEP x (existing load + unit))--> expert
    expert --(capacity 1, cost AREA_MISS if the expert lacks the area + seeded jitter
              + the expert's performance penalty when the official weighs performance)--> application
    application --(capacity = missing slots)--> sink

* Only non-conflicted (expert, application) pairs get an arc, so no conflicted pair can be chosen.
* The source supplies exactly the missing slots and the sink demands them: the solver either routes
  every slot (each application gets exactly its k experts) or reports INFEASIBLE; a partial result is
  never returned.
* Even loads: the unit costs on the parallel source arcs grow with the load (a convex cost), so moving
  one application from an expert with load L+2 to one with load L always saves LOAD_STEP, which is
  larger than any pair cost difference. When every expert may take every application, the optimum
  therefore has max load - min load <= 1; among equally even solutions, area expertise wins, and the
  seeded jitter (smaller than AREA_MISS) breaks the remaining ties deterministically.
* Performance (optional): an expert's ``penalty`` (0..PERFORMANCE_MAX, an integer computed from their
  track record by ``scoring.calc.performance.penalty_cost``; 0 when performance is not weighed) is added to
  each of their pair arcs. PERFORMANCE_MAX is 1.5 x LOAD_STEP, so the option is bounded: a penalty below
  LOAD_STEP only decides who takes the applications an even split leaves over, and even the largest one leaves
  a poorly performing expert at most two applications below the others (a gap of three would cost more load
  than it saves). At equal expertise the better performing experts take the extra applications. With every
  penalty 0 the costs (and so the answer) are exactly those without the option.
* "At least one expert from outside the applicant's region": for an application that needs one, the
  in-region experts reach it through an extra node whose arc to the application has capacity
  (missing slots - 1). Since the application must receive all its missing slots, at least one of them
  must come over a direct arc, i.e. from an outside-region expert. No lower bounds are needed.
* Infeasibility is explained with numbers: the slots needed, the capacity available
  (sum over experts of min(their free load, the applications they may take)), the most slots any
  assignment could fill (a max-flow run on the same network) and the applications that have fewer
  eligible experts than they need (or no eligible outside-region expert).
"""

import array
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy  # OR-Tools answers with numpy arrays: the chosen pair arcs are read back in one call
from ortools.graph.python import min_cost_flow

LOAD_STEP = 1_000  # cost of each further unit of load: dominates the pair costs below
AREA_MISS = 100  # an expert without the competition's priority area
JITTER = 10  # seeded tie-break, 0..JITTER-1, smaller than AREA_MISS
PERFORMANCE_MAX = 1_500  # the largest performance penalty per application: bounded, 1.5 load steps


@dataclass(frozen=True)
class ExpertSlot:
    id: int
    capacity: int  # how many more applications the expert may take in this run
    areas: frozenset = frozenset()
    regions: frozenset = frozenset()
    existing_load: int = 0  # applications already held in this competition (for even loads)
    penalty: int = 0  # performance penalty per application, 0..PERFORMANCE_MAX (0: not weighed or no record)


@dataclass(frozen=True)
class ApplicationSlot:
    id: int
    needed: int  # missing experts
    area: int | None = None
    region: int | None = None
    needs_outside_expert: bool = False  # no outside-region expert among those already assigned


@dataclass
class Shortfall:
    application_id: int
    needed: int
    eligible: int
    outside_eligible: int | None = None  # set when an outside-region expert is required

    def as_dict(self):
        return {"application_id": self.application_id, "needed": self.needed, "eligible": self.eligible,
                "outside_eligible": self.outside_eligible}


class AssignmentInfeasible(Exception):
    """No assignment fills every slot; the numbers say why."""

    def __init__(self, *, slots_needed, capacity_available, max_fillable, shortfalls):
        self.slots_needed = slots_needed
        self.capacity_available = capacity_available
        self.max_fillable = max_fillable
        self.shortfalls = shortfalls
        super().__init__(f"needed {slots_needed} slots, capacity {capacity_available}, "
                         f"at most {max_fillable} can be filled, {len(shortfalls)} applications short")

    def as_dict(self):
        return {"slots_needed": self.slots_needed, "capacity_available": self.capacity_available,
                "max_fillable": self.max_fillable, "shortfalls": [s.as_dict() for s in self.shortfalls]}


@dataclass
class AssignmentResult:
    pairs: list  # [(expert_id, application_id)], sorted
    loads: dict  # expert_id -> applications in this run plus existing load
    stats: dict = field(default_factory=dict)


def _jitter_keys(seed, experts, applications):
    rng = random.Random(f"assignment:{seed}")
    # Keyed by position in the id-sorted lists, drawn in that order: the same seed and input give the same keys.
    return ([rng.getrandbits(30) for _ in experts], [rng.getrandbits(30) for _ in applications])


def solve(*, experts, applications, forbidden=frozenset(), seed=0, require_outside_region=False):
    """Choose experts for every application's missing slots.

    ``forbidden``: a collection of (expert_id, application_id) pairs that must not be assigned
    (conflicts of interest and pairs that already exist). Raises :class:`AssignmentInfeasible`.
    """
    experts = sorted((e for e in experts if e.capacity > 0), key=lambda e: e.id)
    applications = sorted((a for a in applications if a.needed > 0), key=lambda a: a.id)
    slots_needed = sum(a.needed for a in applications)
    if slots_needed == 0:
        return AssignmentResult(pairs=[], loads={}, stats=_stats([], experts, applications, {}))

    forbidden_by_app = {}
    for expert_id, application_id in forbidden:
        forbidden_by_app.setdefault(application_id, set()).add(expert_id)

    m, n = len(experts), len(applications)
    source, first_expert, first_app = 0, 1, 1 + m
    next_node = first_app + n
    expert_jitter, app_jitter = _jitter_keys(seed, experts, applications)

    tails, heads = array.array("i"), array.array("i")
    caps, costs = array.array("q"), array.array("q")

    # source -> expert: one arc per unit of load, convex cost.
    for index, expert in enumerate(experts):
        node = first_expert + index
        base = expert.existing_load
        count = min(expert.capacity, n)
        tails.extend([source] * count)
        heads.extend([node] * count)
        caps.extend([1] * count)
        costs.extend([LOAD_STEP * (base + unit) for unit in range(count)])

    pair_arc_start = len(tails)
    pair_experts = array.array("i")  # expert index of each pair arc, for reading the result back
    pair_apps = array.array("i")
    eligible_per_expert = [0] * m
    shortfalls = []
    app_tail_arcs = []  # (tail node, head node, capacity) for application -> sink and in-region -> application
    expert_ids = [e.id for e in experts]
    expert_area_sets = [e.areas for e in experts]
    expert_region_sets = [e.regions for e in experts]
    expert_penalties = [min(max(int(e.penalty), 0), PERFORMANCE_MAX) for e in experts]
    all_indices = range(m)

    for a_index, application in enumerate(applications):
        app_node = first_app + a_index
        banned = forbidden_by_app.get(application.id)
        if banned:
            eligible = [i for i in all_indices if expert_ids[i] not in banned]
        else:
            eligible = list(all_indices)
        for i in eligible:
            eligible_per_expert[i] += 1
        area = application.area
        a_key = app_jitter[a_index]
        pair_costs = [(0 if area in expert_area_sets[i] else AREA_MISS) + ((expert_jitter[i] ^ a_key) % JITTER)
                      + expert_penalties[i] for i in eligible]
        needs_outside = require_outside_region and application.needs_outside_expert
        if needs_outside:
            region = application.region
            outside = [region not in expert_region_sets[i] for i in eligible]
            outside_count = sum(outside)
            inner_node = next_node
            next_node += 1
            pair_heads = [app_node if out else inner_node for out in outside]
            app_tail_arcs.append((inner_node, app_node, application.needed - 1))
            if outside_count == 0 or len(eligible) < application.needed:
                shortfalls.append(Shortfall(application.id, application.needed, len(eligible), outside_count))
        else:
            pair_heads = [app_node] * len(eligible)
            if len(eligible) < application.needed:
                shortfalls.append(Shortfall(application.id, application.needed, len(eligible)))
        tails.extend([first_expert + i for i in eligible])
        heads.extend(pair_heads)
        caps.extend([1] * len(eligible))
        costs.extend(pair_costs)
        pair_experts.extend(eligible)
        pair_apps.extend([a_index] * len(eligible))
    pair_arc_end = len(tails)

    sink = next_node
    for a_index, application in enumerate(applications):
        app_tail_arcs.append((first_app + a_index, sink, application.needed))
    for tail, head, capacity in app_tail_arcs:
        tails.append(tail)
        heads.append(head)
        caps.append(capacity)
        costs.append(0)

    capacity_available = sum(min(e.capacity, eligible_per_expert[i]) for i, e in enumerate(experts))

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(source, slots_needed)
    flow.set_node_supply(sink, -slots_needed)
    status = flow.solve() if not shortfalls and capacity_available >= slots_needed else flow.INFEASIBLE
    if status != flow.OPTIMAL:
        fillable = 0
        if flow.solve_max_flow_with_min_cost() == flow.OPTIMAL:
            fillable = int(flow.maximum_flow())
        raise AssignmentInfeasible(slots_needed=slots_needed, capacity_available=capacity_available,
                                   max_fillable=fillable, shortfalls=shortfalls)

    arc_ids = numpy.arange(pair_arc_start, pair_arc_end, dtype=numpy.int32)
    chosen = numpy.flatnonzero(flow.flows(arc_ids)).tolist()
    pairs = sorted((expert_ids[pair_experts[c]], applications[pair_apps[c]].id) for c in chosen)
    loads = Counter(expert_id for expert_id, _app in pairs)
    result_loads = {e.id: e.existing_load + loads.get(e.id, 0) for e in experts}
    return AssignmentResult(pairs=pairs, loads=result_loads, stats=_stats(pairs, experts, applications, result_loads))


def _stats(pairs, experts, applications, loads):
    by_id = {e.id: e for e in experts}
    apps = {a.id: a for a in applications}
    area_matches = sum(1 for e, a in pairs if apps[a].area in by_id[e].areas)
    outside_apps = {a for e, a in pairs if apps[a].region not in by_id[e].regions}
    histogram = Counter(loads.values())
    return {
        "pairs": len(pairs),
        "applications": len(applications),
        "experts_used": sum(1 for v in Counter(e for e, _a in pairs).values() if v),
        "area_match_share": round(area_matches / len(pairs), 4) if pairs else None,
        "outside_region_coverage": round(len(outside_apps) / len(applications), 4) if applications else None,
        "load_histogram": {str(load): histogram[load] for load in sorted(histogram)},
        "min_load": min(loads.values()) if loads else 0,
        "max_load": max(loads.values()) if loads else 0,
    }
