"""Every allowed and forbidden transition of the plan, proposal, comment and council-document machines.

Built from the tables in ``planning/enums.py`` and ``portal/councils/enums.py``: an allowed move changes the
status, stamps ``status_changed_at`` and writes one audit event ``<kind>.<to>``; a forbidden one raises
``TransitionError`` and changes nothing. The objects carry what the database demands of their target state
(a reason, an item, an answer): the services set those before they call the transition."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from planning.enums import (
    COMMENT_TRANSITIONS,
    PLAN_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    CommentStatus,
    PlanStatus,
    ProposalStatus,
)
from planning.models import DiscussionComment, TopicProposal
from planning.services import comment_transition, plan_transition, proposal_transition
from portal.audit.models import AuditEvent
from portal.councils.enums import COUNCIL_DOCUMENT_TRANSITIONS, CouncilDocumentStatus
from portal.councils.models import CouncilDocument
from portal.councils.services import council_document_transition
from portal.errors import TransitionError
from tests import factories as f

NOW = timezone.now().replace(microsecond=0) + timedelta(days=1)
EARLIER = NOW - timedelta(days=30)


def make_plan(status):
    return f.PlanFactory(status=status, status_changed_at=EARLIER, current_version=1)


def make_proposal(status):
    item = f.PlanItemFactory()
    return TopicProposal.objects.create(plan=item.plan, priority_area=f.priority_area(), topic="T",
                                        justification="J", status=status, status_changed_at=EARLIER,
                                        decision_reason="because", item=item)


def make_comment(status):
    return DiscussionComment.objects.create(plan=f.PlanFactory(), text="C", status=status, status_changed_at=EARLIER,
                                            moderation_reason="because")


def make_document(status):
    plan = f.PlanFactory()
    return CouncilDocument.objects.create(council=f.CouncilFactory(body=plan.body), kind="conclusion", title="D",
                                          text="T", target=plan, target_label="plan", status=status,
                                          status_changed_at=EARLIER, answer_text="Answer")


MACHINES = {
    "plan": (PlanStatus, PLAN_TRANSITIONS, make_plan,
             lambda o, to, actor: plan_transition(plan=o, to=to, actor=actor, reason="test", now=NOW)),
    "proposal": (ProposalStatus, PROPOSAL_TRANSITIONS, make_proposal,
                 lambda o, to, actor: proposal_transition(proposal=o, to=to, actor=actor, reason="test", now=NOW)),
    "comment": (CommentStatus, COMMENT_TRANSITIONS, make_comment,
                lambda o, to, actor: comment_transition(comment=o, to=to, actor=actor, reason="test", now=NOW)),
    "council document": (CouncilDocumentStatus, COUNCIL_DOCUMENT_TRANSITIONS, make_document,
                         lambda o, to, actor: council_document_transition(document=o, to=to, actor=actor,
                                                                          reason="test", now=NOW)),
}


def transitions(allowed):
    for kind, (states, table, _make, _move) in MACHINES.items():
        for current, to in product(states.values, states.values):
            if (to in table[current]) is allowed:
                yield pytest.param(kind, current, to, id=f"{kind}:{current}->{to}")


def test_every_state_has_a_row_and_every_state_is_reachable():
    for kind, (states, table, _make, _move) in MACHINES.items():
        assert set(table) == set(states.values), kind
        reachable, frontier = set(), {states.values[0]}
        while frontier:
            reachable |= frontier
            frontier = {t for s in frontier for t in table[s]} - reachable
        assert reachable == set(states.values), kind
    assert PLAN_TRANSITIONS[PlanStatus.APPROVED] == set(), "an approved plan changes only by versions"


def events_for(obj):
    return AuditEvent.objects.filter(target_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
                                     target_id=str(obj.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "current", "to"), list(transitions(True)))
def test_allowed_transition(kind, current, to, official):
    _states, _table, make, move = MACHINES[kind]
    obj = make(current)
    move(obj, to, official)
    obj.refresh_from_db()
    assert (obj.status, obj.status_changed_at) == (to, NOW)
    event = events_for(obj).get()
    action_kind = kind.replace(" ", "_")
    assert (event.action, event.before, event.after["status"], event.reason) == (
        f"{action_kind}.{to}", {"status": current}, to, "test")


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "current", "to"), list(transitions(False)))
def test_forbidden_transition(kind, current, to, official):
    _states, _table, make, move = MACHINES[kind]
    obj = make(current)
    with pytest.raises(TransitionError) as refused:
        move(obj, to, official)
    assert (refused.value.current, refused.value.to, refused.value.kind) == (current, to, kind)
    obj.refresh_from_db()
    assert (obj.status, obj.status_changed_at) == (current, EARLIER)
    assert not events_for(obj).exists()
