"""Object permissions of the review work (rubrics, register, pool and assignment, declarations, scoring)."""

import rules

from portal.accounts.selectors import roles_for_user

from .enums import EXPERT_CAN_READ, EXPERT_CAN_SCORE, AssignmentStatus


@rules.predicate
def is_admin(user):
    return roles_for_user(user).is_admin


@rules.predicate
def is_official(user):
    return roles_for_user(user).is_official


def _body_id_of_rubric(rubric):
    if rubric.competition_id:
        return rubric.competition.body_id
    return rubric.body_id


@rules.predicate
def can_edit_rubric(user, rubric):
    if rubric is None:
        return False
    roles = roles_for_user(user)
    if rubric.is_template:
        return roles.is_admin
    return roles.is_admin or _body_id_of_rubric(rubric) in roles.official_body_ids


@rules.predicate
def can_view_rubric(user, rubric):
    if rubric is None:
        return False
    roles = roles_for_user(user)
    if roles.is_admin or (rubric.is_template and roles.is_official):
        return True
    return _body_id_of_rubric(rubric) in roles.official_body_ids


@rules.predicate
def manages_competition(user, competition):
    if competition is None:
        return False
    roles = roles_for_user(user)
    return roles.is_admin or competition.body_id in roles.official_body_ids


@rules.predicate
def follows_competition(user, competition):
    if competition is None:
        return False
    roles = roles_for_user(user)
    return roles.is_admin or competition.body_id in roles.followed_body_ids


@rules.predicate
def owns_assignment(user, assignment):
    return assignment is not None and roles_for_user(user).expert_profile_id == assignment.expert_id


@rules.predicate
def is_offered(user, assignment):
    return assignment.status == AssignmentStatus.OFFERED


@rules.predicate
def may_read(user, assignment):
    return assignment.status in EXPERT_CAN_READ


@rules.predicate
def may_score(user, assignment):
    return assignment.status in EXPERT_CAN_SCORE


rules.add_perm("scoring.add_rubric", is_admin | is_official)
rules.add_perm("scoring.view_rubric", can_view_rubric)
rules.add_perm("scoring.change_rubric", can_edit_rubric)
rules.add_perm("scoring.manage_experts", is_admin | is_official)
rules.add_perm("scoring.view_review", follows_competition)
rules.add_perm("scoring.manage_review", manages_competition)
rules.add_perm("scoring.declare_conflict", owns_assignment & is_offered)
rules.add_perm("scoring.read_application", owns_assignment & may_read)
rules.add_perm("scoring.score", owns_assignment & may_score)


@rules.predicate
def is_expert(user):
    return roles_for_user(user).is_expert


rules.add_perm("scoring.review_anything", is_expert)
