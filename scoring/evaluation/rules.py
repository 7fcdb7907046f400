"""Object permissions of the expert's side: reading the bid and scoring it depend on the assignment's state."""

import rules

from portal.accounts.selectors import roles_for_user

from ..assignment.rules import owns_assignment
from ..enums import EXPERT_CAN_READ, EXPERT_CAN_SCORE


@rules.predicate
def is_expert(user):
    return roles_for_user(user).is_expert


@rules.predicate
def may_read(user, assignment):
    return assignment.status in EXPERT_CAN_READ


@rules.predicate
def may_score(user, assignment):
    return assignment.status in EXPERT_CAN_SCORE


rules.add_perm("scoring.read_application", owns_assignment & may_read)
rules.add_perm("scoring.score", owns_assignment & may_score)
rules.add_perm("scoring.review_anything", is_expert)
