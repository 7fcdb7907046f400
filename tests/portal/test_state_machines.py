"""Every allowed and every forbidden transition of the three state machines.

The cartesian product of states is taken from the transition tables in ``competitions/enums.py``,
``applications/enums.py`` and ``scoring/enums.py``, so a change to a table is tested automatically.
An allowed move changes the status, stamps ``status_changed_at`` and writes exactly one audit event
``<kind>.<to>`` with the status before and after; a forbidden one raises ``TransitionError`` naming both
states and changes nothing.
"""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from applications.enums import APPLICATION_TRANSITIONS, ApplicationStatus
from applications.services import application_transition
from competitions.enums import COMPETITION_TRANSITIONS, CompetitionStatus
from competitions.services import competition_transition
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.errors import TransitionError
from scoring.assignment.services import assignment_transition
from scoring.enums import ASSIGNMENT_TRANSITIONS, AssignmentStatus
from tests import factories as f

NOW = timezone.now().replace(microsecond=0) + timedelta(days=1)
EARLIER = NOW - timedelta(days=30)


def make_competition(status):
    return f.CompetitionFactory(status=status, status_changed_at=EARLIER)


def make_application(status):
    application = f.ApplicationFactory(status=status, status_changed_at=EARLIER)
    if application.registration_number is None:
        # application_submit issues the number before it calls the transition (a DB constraint needs it).
        application.registration_number = f"{application.competition.reference}-{application.pk:03d}"
        application.save(update_fields=["registration_number"])
    return application


def make_assignment(status):
    return f.AssignmentFactory(status=status, status_changed_at=EARLIER)


def move_competition(obj, to, actor):
    return competition_transition(competition=obj, to=to, actor=actor, reason="test", now=NOW)


def move_application(obj, to, actor):
    return application_transition(application=obj, to=to, actor=actor, reason="test", now=NOW)


def move_assignment(obj, to, actor):
    return assignment_transition(assignment=obj, to=to, actor=actor, reason="test", now=NOW)


MACHINES = {
    "competition": (CompetitionStatus, COMPETITION_TRANSITIONS, make_competition, move_competition),
    "application": (ApplicationStatus, APPLICATION_TRANSITIONS, make_application, move_application),
    "assignment": (AssignmentStatus, ASSIGNMENT_TRANSITIONS, make_assignment, move_assignment),
}


def transitions(allowed):
    for kind, (states, table, _make, _move) in MACHINES.items():
        for current, to in product(states.values, states.values):
            if (to in table[current]) is allowed:
                yield pytest.param(kind, current, to, id=f"{kind}:{current}->{to}")


def test_every_state_has_a_row_in_its_table():
    for kind, (states, table, _make, _move) in MACHINES.items():
        assert set(table) == set(states.values), kind
        for targets in table.values():
            assert set(targets) <= set(states.values), kind


def test_terminal_and_reachable_states():
    assert COMPETITION_TRANSITIONS[CompetitionStatus.FINAL] == set()
    assert COMPETITION_TRANSITIONS[CompetitionStatus.CANCELLED] == set()
    assert APPLICATION_TRANSITIONS[ApplicationStatus.WITHDRAWN] == set()
    for kind, (states, table, _make, _move) in MACHINES.items():
        reachable, frontier = set(), {states.values[0]}
        while frontier:
            reachable |= frontier
            frontier = {t for s in frontier for t in table[s]} - reachable
        assert reachable == set(states.values), f"{kind}: unreachable {set(states.values) - reachable}"


def events_for(obj):
    return AuditEvent.objects.filter(target_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
                                     target_id=str(obj.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "current", "to"), list(transitions(True)))
def test_allowed_transition(kind, current, to, official):
    _states, _table, make, move = MACHINES[kind]
    obj = make(current)
    assert not events_for(obj).exists()

    returned = move(obj, to, official)

    assert returned is obj
    obj.refresh_from_db()
    assert obj.status == to
    assert obj.status_changed_at == NOW
    event = events_for(obj).get()
    assert event.action == f"{kind}.{to}"
    assert event.before == {"status": current}
    assert event.after == {"status": to}
    assert event.reason == "test"
    assert (event.actor_id, event.actor_label) == (official.pk, official.email)
    assert verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "current", "to"), list(transitions(False)))
def test_forbidden_transition(kind, current, to, official):
    _states, _table, make, move = MACHINES[kind]
    obj = make(current)

    with pytest.raises(TransitionError) as refused:
        move(obj, to, official)

    message = str(refused.value)
    assert f"“{current}”" in message and f"“{to}”" in message and kind in message
    assert refused.value.code == "forbidden_transition"
    assert (refused.value.current, refused.value.to) == (current, to)
    assert obj.status == current, "the object in memory must be left as it was"
    obj.refresh_from_db()
    assert obj.status == current
    assert obj.status_changed_at == EARLIER
    assert not AuditEvent.objects.exists()


# Competition specifics: the lifecycle timestamps and the cancellation reason.

@pytest.mark.django_db
@pytest.mark.parametrize(("current", "to", "field"), [
    (CompetitionStatus.DRAFT, CompetitionStatus.PUBLISHED, "published_at"),
    (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED, "closed_at"),
    (CompetitionStatus.RANKED, CompetitionStatus.RESULTS_PUBLISHED, "results_published_at"),
])
def test_competition_transition_stamps_its_lifecycle_time(current, to, field):
    competition = f.CompetitionFactory(status=current, published_at=None)
    competition_transition(competition=competition, to=to, actor=None, now=NOW)
    competition.refresh_from_db()
    assert getattr(competition, field) == NOW


@pytest.mark.django_db
def test_competition_cancellation_keeps_the_reason_and_a_system_actor():
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED)
    competition_transition(competition=competition, to=CompetitionStatus.CANCELLED, actor=None,
                           reason="No eligible applications", now=NOW)
    competition.refresh_from_db()
    assert competition.cancellation_reason == "No eligible applications"
    event = events_for(competition).get()
    assert (event.actor_id, event.actor_label, event.reason) == (None, "system", "No eligible applications")
    assert event.scope == f"competition:{competition.pk}"


@pytest.mark.django_db
def test_application_transition_records_extra_after_and_competition_scope(official):
    application = f.ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    application_transition(application=application, to=ApplicationStatus.RETURNED, actor=official,
                           reason="Charter missing", extra_after={"correction_deadline": "2026-05-04"})
    event = events_for(application).get()
    assert event.after == {"status": "returned", "correction_deadline": "2026-05-04"}
    assert event.scope == f"competition:{application.competition_id}"


@pytest.mark.django_db
def test_a_walk_through_the_whole_competition_lifecycle_keeps_the_chain(official):
    competition = f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None)
    path = ["published", "closed", "under_review", "ranked", "under_review", "ranked", "results_published", "final"]
    for to in path:
        competition_transition(competition=competition, to=to, actor=official)
    assert list(events_for(competition).values_list("action", flat=True)) == [f"competition.{to}" for to in path]
    assert verify_chain().ok
    with pytest.raises(TransitionError):
        competition_transition(competition=competition, to=CompetitionStatus.CANCELLED, actor=official)
