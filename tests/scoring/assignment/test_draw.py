"""The observed draw: commit (hashes published, seed secret), run (seed revealed, a proposal), verify."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from portal.audit.models import AuditEvent
from portal.errors import DomainError
from scoring.assignment.draw import draw_commit, draw_public_file, draw_run, draw_verify
from scoring.assignment.services import assignment_proposal_confirm
from scoring.enums import DrawStatus
from scoring.errors import ProblemsError
from scoring.models import Assignment
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_commit_publishes_hashes_not_the_seed(review, official):
    competition = review[0]
    draw = draw_commit(competition=competition, actor=official, seed="observers-see-this-hash-first")
    assert draw.status == DrawStatus.COMMITTED
    assert draw.seed_sha256 == hashlib.sha256(b"observers-see-this-hash-first").hexdigest()
    public = draw_public_file(draw)
    assert "seed" not in public and "pairs" not in public
    assert public["inputs"]["applications"] == [
        {"number": n, "needed": 2, "area": competition.priority_area_id, "region": a.organization.region_id,
         "needs_outside_expert": False} for n, a in enumerate(review[2], start=1)]
    event = AuditEvent.objects.get(action="draw.committed")
    assert event.after == {"seed_sha256": draw.seed_sha256, "inputs_sha256": draw.inputs_sha256}
    assert "observers-see" not in json.dumps(event.after)


def test_short_seed_is_refused(review, official):
    with pytest.raises(ProblemsError) as refused:
        draw_commit(competition=review[0], actor=official, seed="short")
    assert refused.value.problems[0][0] == "seed"


def test_run_reveals_the_seed_and_proposes_pairs_that_verify(review, official, tmp_path, capsys):
    competition, _criteria, applications, experts = review
    draw = draw_commit(competition=competition, actor=official)
    assert len(draw.seed) == 32
    draw = draw_run(draw=draw, actor=official)
    assert draw.status == DrawStatus.REVEALED and len(draw.pairs) == 8
    expert_ids = sorted(e.pk for e in experts)
    application_ids = sorted(a.pk for a in applications)
    assert draw.proposal.pairs == sorted([expert_ids[e - 1], application_ids[a - 1]] for e, a in draw.pairs)
    created = assignment_proposal_confirm(proposal=draw.proposal, actor=official)
    assert len(created) == 8 == Assignment.objects.count()

    published = draw_public_file(draw)
    assert draw_verify(published) == []
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    call_command("verify_assignment", file=str(path))
    assert "OK 8 pairs reproduced" in capsys.readouterr().out
    call_command("verify_assignment", competition=competition.reference)

    forged = {**published, "pairs": [[99, 1], *published["pairs"][1:]]}
    assert draw_verify(forged) != []
    path.write_text(json.dumps(forged), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("verify_assignment", file=str(path))
    other_seed = {**published, "seed": "another-seed-of-enough-length"}
    assert "sha256(seed) differs from the committed hash" in draw_verify(other_seed)


def test_run_refuses_when_the_inputs_changed(review, official):
    competition = review[0]
    draw = draw_commit(competition=competition, actor=official)
    f.ApplicationFactory(competition=competition, status="admitted")
    with pytest.raises(DomainError) as refused:
        draw_run(draw=draw, actor=official)
    assert refused.value.code == "draw_inputs_changed"
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED and draw.pairs == []
