"""Benchmark of the automatic expert assignment (scoring.assignment.solve, OR-Tools min-cost flow)
against networkx's ``max_flow_min_cost`` on the same instance.

Run: ``.venv/bin/python bench/assignment.py``. Prints one JSON line per case:
``{"name", "seconds", "baseline_seconds", "ratio", "peak_rss_mib", "baseline_peak_rss_mib", ...}``.
Each measurement runs in its own subprocess so the peak RSS figures are separate. Instance generation
(random conflicts) is not timed; our timing covers building the network, solving and reading the pairs.

Cases: 1,000 applications x 100 experts x k=3 and 10,000 x 500 x k=2, 5 % random conflicts, maximum load
ceil(k x applications / experts) + 2. networkx gets the same network (a DiGraph cannot hold parallel
arcs, so each unit of expert load is its own node) and a wall-clock cap; when it hits the cap the line
says so (``baseline_timed_out``) and ``ratio`` is a lower bound.
"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = {
    "assign_1000x100_k3": {"applications": 1000, "experts": 100, "k": 3, "baseline_timeout": 600},
    "assign_10000x500_k2": {"applications": 10000, "experts": 500, "k": 2, "baseline_timeout": 300},
}
CONFLICT_RATE = 0.05
AREAS, REGIONS = 6, 17


def instance(applications, experts, k, seed=2026):
    from scoring.calc.solver import ApplicationSlot, ExpertSlot  # loaded in the measuring subprocess only

    rng = random.Random(seed)
    max_load = -(-applications * k // experts) + 2
    expert_slots = [ExpertSlot(id=i + 1, capacity=max_load, areas=frozenset({rng.randrange(AREAS)}),
                               regions=frozenset({rng.randrange(REGIONS)})) for i in range(experts)]
    app_slots = [ApplicationSlot(id=j + 1, needed=k, area=0, region=rng.randrange(REGIONS))
                 for j in range(applications)]
    random_float = rng.random
    forbidden = [(e, a) for a in range(1, applications + 1) for e in range(1, experts + 1)
                 if random_float() < CONFLICT_RATE]
    return expert_slots, app_slots, forbidden


def peak_rss_mib():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_ours(case):
    from scoring.calc.solver import solve  # loaded in the measuring subprocess only

    experts, applications, forbidden = instance(case["applications"], case["experts"], case["k"])
    started = time.perf_counter()
    result = solve(experts=experts, applications=applications, forbidden=forbidden, seed=7)
    seconds = time.perf_counter() - started
    loads = result.loads.values()
    return {"seconds": round(seconds, 3), "pairs": len(result.pairs), "load_spread": max(loads) - min(loads),
            "peak_rss_mib": peak_rss_mib()}


def run_networkx(case):
    import networkx as nx  # loaded in the measuring subprocess only

    from scoring.calc.solver import AREA_MISS, LOAD_STEP  # loaded in the measuring subprocess only

    experts, applications, forbidden = instance(case["applications"], case["experts"], case["k"])
    started = time.perf_counter()
    banned = {}
    for e, a in forbidden:
        banned.setdefault(a, set()).add(e)
    graph = nx.DiGraph()
    for expert in experts:
        for unit in range(min(expert.capacity, len(applications))):
            graph.add_edge("s", ("u", expert.id, unit), capacity=1, weight=LOAD_STEP * unit)
            graph.add_edge(("u", expert.id, unit), ("e", expert.id), capacity=1, weight=0)
    for application in applications:
        bad = banned.get(application.id, ())
        for expert in experts:
            if expert.id not in bad:
                graph.add_edge(("e", expert.id), ("a", application.id), capacity=1,
                               weight=0 if application.area in expert.areas else AREA_MISS)
        graph.add_edge(("a", application.id), "t", capacity=application.needed, weight=0)
    flow = nx.max_flow_min_cost(graph, "s", "t")
    pairs = sum(1 for node, out in flow.items() if isinstance(node, tuple) and node[0] == "e"
                for value in out.values() if value)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "pairs": pairs, "peak_rss_mib": peak_rss_mib()}


def measure(kind, name, timeout=None):
    command = [sys.executable, __file__, "--run", kind, name]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return None
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main():
    for name, case in CASES.items():
        ours = measure("ours", name)
        baseline = measure("networkx", name, timeout=case["baseline_timeout"])
        timed_out = baseline is None
        baseline_seconds = case["baseline_timeout"] if timed_out else baseline["seconds"]
        line = {
            "name": name,
            "seconds": ours["seconds"],
            "baseline_seconds": baseline_seconds,
            "ratio": round(baseline_seconds / ours["seconds"], 1) if ours["seconds"] else None,
            "peak_rss_mib": ours["peak_rss_mib"],
            "baseline_peak_rss_mib": None if timed_out else baseline["peak_rss_mib"],
            "baseline_timed_out": timed_out,
            "pairs": ours["pairs"],
            "baseline_pairs": None if timed_out else baseline["pairs"],
            "load_spread": ours["load_spread"],
            "applications": case["applications"], "experts": case["experts"], "k": case["k"],
            "conflict_rate": CONFLICT_RATE,
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        runner = run_ours if sys.argv[2] == "ours" else run_networkx
        print(json.dumps(runner(CASES[sys.argv[3]])))
    else:
        main()
