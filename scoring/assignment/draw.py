"""The observed draw: commit to a seed (its sha256 and the solver's inputs are published), draw, reveal.

``draw_transition`` is the only writer of ``AssignmentDraw.status``. The draw produces an ordinary
``AutoAssignmentProposal`` that the official confirms as any other; ``scoring.calc.draw`` re-runs it."""

import json
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal import audit
from portal.canonical import canonical_sha256
from portal.councils.selectors import observers_to_invite
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify

from ..calc import draw as calc_draw
from ..calc import solver
from ..enums import DRAW_TRANSITIONS, DrawStatus, ProposalKind
from ..errors import AssignmentRefused, ProblemsError
from ..models import AssignmentDraw, AutoAssignmentProposal
from .services import _require_review, assignment_inputs

MIN_SEED_LENGTH = 16  # a shorter seed could be found from its published hash by trying them all


def draw_inputs(*, competition, max_load=None, weigh_performance=False):
    """The canonical inputs of an initial assignment now, and the maps from database ids to published numbers.
    With ``weigh_performance`` the inputs carry each expert's performance penalty (so a re-run weighs it too)."""
    experts, applications, forbidden, _index = assignment_inputs(competition=competition, max_load=max_load,
                                                                 weigh_performance=weigh_performance)
    return calc_draw.build_inputs(experts=experts, applications=applications, forbidden=forbidden,
                                  require_outside_region=competition.require_outside_region_expert,
                                  weigh_performance=weigh_performance)


@transaction.atomic
def draw_transition(*, draw, to, actor, after=None, now=None):
    """The only writer of ``AssignmentDraw.status``."""
    now = now or timezone.now()
    before = draw.status
    check_transition(table=DRAW_TRANSITIONS, kind="draw", current=before, to=to)
    draw.status, draw.status_changed_at = to, now
    draw.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"draw.{to}", target=draw, competition_id=draw.competition_id,
                 before={"status": before}, after={"status": to, **(after or {})})
    return draw


@transaction.atomic
def draw_commit(*, competition, actor, seed="", max_load=None, weigh_performance=False, now=None):
    """Fix the inputs and commit to a seed: publish sha256(seed) and sha256(inputs). The seed stays secret.

    ``seed``: the official's own text (at least 16 characters) or, when empty, 32 random hex digits."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_review(competition)
    seed = (seed or "").strip() or secrets.token_hex(16)
    if len(seed) < MIN_SEED_LENGTH:
        raise ProblemsError([("seed", _("The seed must have at least %(n)s characters.") % {"n": MIN_SEED_LENGTH})])
    if AssignmentDraw.objects.filter(competition=competition, status=DrawStatus.COMMITTED).exists():
        raise DomainError(_("A committed draw awaits its run: run it first."), code="draw_pending")
    inputs, _experts, _applications = draw_inputs(competition=competition, max_load=max_load,
                                                  weigh_performance=weigh_performance)
    if not any(a["needed"] for a in inputs["applications"]):
        raise DomainError(_("Every admitted application already has its experts: nothing to assign."),
                          code="nothing_to_assign")
    canonical, inputs_sha256 = canonical_sha256(inputs)
    draw = AssignmentDraw.objects.create(
        competition=competition, seed=seed, seed_sha256=calc_draw.seed_sha256(seed), inputs=json.loads(canonical),
        inputs_canonical=canonical, inputs_sha256=inputs_sha256, committed_by=actor, committed_at=now,
        status_changed_at=now)
    audit.record(actor=actor, action="draw.committed", target=draw, competition_id=competition.pk,
                 after={"seed_sha256": draw.seed_sha256, "inputs_sha256": inputs_sha256,
                        **({"weigh_performance": True} if weigh_performance else {})})
    observers, rows = observers_to_invite(competition.body_id)
    if observers:
        draw.invited_observers = rows
        draw.save(update_fields=["invited_observers"])
        audit.record(actor=actor, action="draw.observers_invited", target=draw, competition_id=competition.pk,
                     after={"observers": len(observers)})
        notify(users=observers, subject=later(_("Expert draw for %(reference)s"), reference=competition.reference),
               body=later(_("The seed of the expert draw is committed: SHA-256 %(hash)s. Follow the draw and "
                            "check it on its public page."), hash=draw.seed_sha256),
               url=f"/competitions/{competition.reference}/draw/")
    return draw


@transaction.atomic
def draw_run(*, draw, actor, now=None):
    """Run the solver on the committed inputs with the seed, reveal the seed and propose the drawn pairs."""
    now = now or timezone.now()
    draw = AssignmentDraw.objects.select_for_update().select_related("competition").get(pk=draw.pk)
    if draw.status != DrawStatus.COMMITTED:
        raise DomainError(_("This draw has already been run."), code="draw_done")
    competition = draw.competition
    _require_review(competition)
    inputs, expert_numbers, application_numbers = draw_inputs(
        competition=competition, weigh_performance=bool(draw.inputs.get("weigh_performance")))
    if canonical_sha256(inputs)[1] != draw.inputs_sha256:
        raise DomainError(_("The pool, the applications or the conflicts changed since the seed was committed: "
                            "commit a new seed."), code="draw_inputs_changed")
    try:
        pairs = calc_draw.run(draw.inputs, draw.seed)
    except solver.AssignmentInfeasible as infeasible:
        raise AssignmentRefused(infeasible) from None
    expert_ids = {n: pk for pk, n in expert_numbers.items()}
    application_ids = {n: pk for pk, n in application_numbers.items()}
    real_pairs = sorted([expert_ids[e], application_ids[a]] for e, a in pairs)
    proposal = AutoAssignmentProposal.objects.create(
        competition=competition, kind=ProposalKind.INITIAL, seed=0, max_load=0,
        require_outside_region=competition.require_outside_region_expert, pairs=real_pairs,
        stats={"pairs": len(real_pairs), "draw": draw.pk}, created_by=actor)
    draw.pairs, draw.proposal, draw.revealed_at = pairs, proposal, now
    draw.save(update_fields=["pairs", "proposal", "revealed_at"])
    draw_transition(draw=draw, to=DrawStatus.REVEALED, actor=actor, now=now,
                    after={"seed": draw.seed, "seed_sha256": draw.seed_sha256, "pairs": len(pairs)})
    return draw


def draw_public_file(draw):
    """What the public page offers for download: the inputs, the hashes and (once revealed) seed and pairs."""
    data = {"format": calc_draw.FORMAT, "competition": draw.competition.reference,
            "seed_sha256": draw.seed_sha256, "inputs_sha256": draw.inputs_sha256, "inputs": draw.inputs,
            "committed_at": draw.committed_at.isoformat()}
    if draw.is_revealed:
        data.update({"seed": draw.seed, "pairs": draw.pairs, "revealed_at": draw.revealed_at.isoformat()})
    return data


def draw_verify(data):
    """Check a published draw file: hashes and pairs. Returns a list of problems (empty when it verifies)."""
    problems = []
    canonical, inputs_sha256 = canonical_sha256(data["inputs"])
    if inputs_sha256 != data.get("inputs_sha256"):
        problems.append(f"inputs sha256 {inputs_sha256} != published {data.get('inputs_sha256')}")
    if "seed" not in data:
        return [*problems, "the seed is not revealed yet"]
    if calc_draw.seed_sha256(data["seed"]) != data.get("seed_sha256"):
        problems.append("sha256(seed) differs from the committed hash")
    pairs = calc_draw.run(data["inputs"], data["seed"])
    if pairs != [list(p) for p in data.get("pairs", [])]:
        problems.append(f"re-run gives {len(pairs)} pairs that differ from the {len(data.get('pairs', []))} published")
    return problems
