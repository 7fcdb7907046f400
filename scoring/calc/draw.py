"""The observed draw's published inputs and their re-run. Pure: no database, no Django.

The inputs are the solver's own (``scoring.calc.solver``) with the experts and applications renumbered
1, 2, ... in the order of their database ids (the solver orders by id, so the renumbering changes
nothing in its answer) and nothing personal in them. The solver's random tie-break is seeded with the
revealed seed text. When the official weighs expert performance, the inputs say so
(``"weigh_performance": true``) and carry each expert's integer ``penalty``, so the re-run weighs it the same
way; inputs without them (and every draw made before the option) run with no penalty. Anyone holding the
published file re-runs :func:`run` (or ``manage.py verify_assignment --file``) and gets the same pairs.
"""

import hashlib

from . import solver

FORMAT = "portal-assignment-draw/1"


def build_inputs(*, experts, applications, forbidden, require_outside_region, weigh_performance=False):
    """Canonical (JSON-ready) inputs from solver slots and the forbidden (expert id, application id) pairs.

    Returns ``(inputs, expert_numbers, application_numbers)``; the two maps turn database ids into the
    published numbers (and back, inverted)."""
    experts = sorted(experts, key=lambda e: e.id)
    applications = sorted(applications, key=lambda a: a.id)
    expert_numbers = {e.id: n for n, e in enumerate(experts, start=1)}
    application_numbers = {a.id: n for n, a in enumerate(applications, start=1)}
    published_forbidden = sorted(
        [expert_numbers[e], application_numbers[a]] for e, a in forbidden
        if e in expert_numbers and a in application_numbers)
    inputs = {
        "format": FORMAT,
        "require_outside_region": bool(require_outside_region),
        "experts": [{"number": expert_numbers[e.id], "capacity": e.capacity, "existing_load": e.existing_load,
                     "areas": sorted(e.areas), "regions": sorted(e.regions)} for e in experts],
        "applications": [{"number": application_numbers[a.id], "needed": a.needed, "area": a.area,
                          "region": a.region, "needs_outside_expert": bool(a.needs_outside_expert)}
                         for a in applications],
        "forbidden": published_forbidden,
    }
    if weigh_performance:
        inputs["weigh_performance"] = True
        for row, expert in zip(inputs["experts"], experts, strict=True):
            row["penalty"] = expert.penalty
    return inputs, expert_numbers, application_numbers


def seed_sha256(seed):
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def run(inputs, seed):
    """The drawn pairs ``[[expert number, application number], ...]`` (sorted). Raises
    ``solver.AssignmentInfeasible`` like the solver."""
    if inputs.get("format") != FORMAT:
        raise ValueError(f"unknown draw format: {inputs.get('format')!r}")
    experts = [solver.ExpertSlot(id=e["number"], capacity=e["capacity"], existing_load=e["existing_load"],
                                 areas=frozenset(e["areas"]), regions=frozenset(e["regions"]),
                                 penalty=e.get("penalty", 0) if inputs.get("weigh_performance") else 0)
               for e in inputs["experts"]]
    applications = [solver.ApplicationSlot(id=a["number"], needed=a["needed"], area=a["area"], region=a["region"],
                                           needs_outside_expert=a["needs_outside_expert"])
                    for a in inputs["applications"]]
    result = solver.solve(experts=experts, applications=applications,
                          forbidden={tuple(p) for p in inputs["forbidden"]}, seed=seed,
                          require_outside_region=inputs["require_outside_region"])
    return [list(p) for p in result.pairs]
