"""Object permissions of the expert's assignment (its owner, its state). Managing and following the review
of a competition are ``competitions.manage_competition`` and ``competitions.view_competition_internal``."""

import rules

from portal.accounts.selectors import roles_for_user

from ..enums import AssignmentStatus


@rules.predicate
def owns_assignment(user, assignment):
    return assignment is not None and roles_for_user(user).expert_profile_id == assignment.expert_id


@rules.predicate
def is_offered(user, assignment):
    return assignment.status == AssignmentStatus.OFFERED


rules.add_perm("scoring.declare_conflict", owns_assignment & is_offered)
