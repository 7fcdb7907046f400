import pytest

from scoring.commission.quorum import has_quorum, tally
from scoring.enums import (
    DRAW_TRANSITIONS,
    EXPERT_APPLICATION_TRANSITIONS,
    MEETING_TRANSITIONS,
    DrawStatus,
    ExpertApplicationStatus,
    MeetingStatus,
)


@pytest.mark.parametrize(("present", "members", "ok"), [(2, 3, True), (1, 3, False), (4, 6, True), (3, 5, False),
                                                         (4, 5, True), (0, 0, False)])
def test_two_thirds_by_default(present, members, ok):
    assert has_quorum(present=present, members=members) is ok


def test_tally_majority_then_chair():
    assert tally({1: "approve", 2: "approve", 3: "send_back"}) == "approve"
    assert tally({1: "approve", 2: "send_back", 3: "send_back"}) == "send_back"
    assert tally({1: "approve", 2: "send_back"}, chair=1) == "approve"
    assert tally({1: "approve", 2: "send_back"}, chair=2) == "send_back"
    assert tally({1: "abstain", 2: "abstain"}) == "send_back"


def test_every_state_of_the_new_machines_has_a_row():
    for states, table in ((MeetingStatus, MEETING_TRANSITIONS), (DrawStatus, DRAW_TRANSITIONS),
                          (ExpertApplicationStatus, EXPERT_APPLICATION_TRANSITIONS)):
        assert set(table) == set(states)
