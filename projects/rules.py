"""Who may see and act on a project. Views and the API ask ``has_perm(perm, project)``.

* ``projects.view_project``: the organisation's members, officials and observers of the competition's body
  (``follows_competition``), administrators.
* ``projects.manage_project``: officials of the body (``manages_competition``): agreement, tranches, decisions.
* ``projects.act_for_project``: members of the organisation: sign, decline, declare unspent money.
* ``projects.view_portfolio`` (of a government body): its officials and observers, administrators.
* Monitoring visits (object: the visit): ``view_visit`` (the project's readers and the inspector),
  ``inspect_visit`` (the inspector and the body's officials), ``curate_visit`` (the officials: close or reopen a
  corrective action), ``answer_visit`` (the organisation). ``evaluate_project`` (object: an evaluator's seat): its
  expert alone.
"""

import rules

from competitions.rules import follows_competition, manages_competition
from portal.accounts.selectors import roles_for_user


@rules.predicate
def is_member_of_grantee(user, project):
    return project is not None and project.organization_id in roles_for_user(user).organization_ids


rules.add_perm("projects.view_project", is_member_of_grantee | follows_competition)
rules.add_perm("projects.manage_project", manages_competition)
rules.add_perm("projects.act_for_project", is_member_of_grantee)


@rules.predicate
def follows_body(user, body):
    """An official or observer of the government body, or an administrator (the portfolio dashboard)."""
    roles = roles_for_user(user)
    return body is not None and (roles.is_admin or body.pk in roles.followed_body_ids)


rules.add_perm("projects.view_portfolio", follows_body)

# The message thread: read by everyone who sees the project (observers too); written by the organisation's
# members and the officials of the body.
rules.add_perm("projects.read_messages", is_member_of_grantee | follows_competition)
rules.add_perm("projects.post_message", is_member_of_grantee | manages_competition)

# Monitoring visits (object: the visit) and results evaluation (object: the evaluator's seat).
@rules.predicate
def is_visit_inspector(user, visit):
    return visit is not None and user.is_authenticated and visit.inspector_id == user.pk


@rules.predicate
def manages_visit_project(user, visit):
    return visit is not None and manages_competition(user, visit.project)


@rules.predicate
def follows_visit_project(user, visit):
    return visit is not None and (is_member_of_grantee(user, visit.project) or follows_competition(user, visit.project))


@rules.predicate
def is_member_of_visited(user, visit):
    return visit is not None and is_member_of_grantee(user, visit.project)


@rules.predicate
def holds_evaluator_seat(user, evaluator):
    return evaluator is not None and user.is_authenticated and evaluator.expert.user_id == user.pk


rules.add_perm("projects.view_visit", follows_visit_project | is_visit_inspector)
rules.add_perm("projects.inspect_visit", is_visit_inspector | manages_visit_project)
rules.add_perm("projects.curate_visit", manages_visit_project)
rules.add_perm("projects.answer_visit", is_member_of_visited)
rules.add_perm("projects.evaluate_project", holds_evaluator_seat)
