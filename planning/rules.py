"""Who may do what with a plan of topics. Views and the API ask ``rules.has_perm(perm, user, plan)``
(not ``user.has_perm``: a superuser is not thereby the body, a proposer or a commenter).

* ``planning.view_plan``: everyone once the plan is out of draft; a draft: the body's officials and observers
  (public-council members), administrators.
* ``planning.view_plan_internal``: the body's officials and observers, administrators (queues, hidden comments).
* ``planning.manage_plan``: the body's officials and administrators (every write of the officials' pages).
* ``planning.propose_topic``: anyone signed in but the body's officials, while proposals are accepted.
* ``planning.comment_plan``: anyone signed in but the body's officials, during the public discussion.
Observers (council members) read the officials' pages and get 403 on every action there.
"""

import rules
from django.utils import timezone

from portal.accounts.selectors import roles_for_user

from .enums import PUBLIC_PLAN_STATUSES, PlanStatus


def _plan(obj):
    return getattr(obj, "plan", obj)


@rules.predicate
def is_admin(user):
    return roles_for_user(user).is_admin


@rules.predicate
def is_official_of_plan_body(user, plan):
    return plan is not None and _plan(plan).body_id in roles_for_user(user).official_body_ids


@rules.predicate
def is_observer_of_plan_body(user, plan):
    return plan is not None and _plan(plan).body_id in roles_for_user(user).observer_body_ids


@rules.predicate
def is_public(user, plan):
    return _plan(plan).status in PUBLIC_PLAN_STATUSES


@rules.predicate
def accepts_proposals(user, plan):
    plan = _plan(plan)
    return (plan.status == PlanStatus.PROPOSALS_OPEN and plan.proposals_until is not None
            and timezone.localdate() <= plan.proposals_until)


@rules.predicate
def accepts_comments(user, plan):
    plan = _plan(plan)
    today = timezone.localdate()
    return (plan.status == PlanStatus.IN_DISCUSSION and plan.discussion_ends_on is not None
            and plan.discussion_starts_on <= today <= plan.discussion_ends_on)


can_manage = is_official_of_plan_body | is_admin
outsider = rules.is_authenticated & ~is_official_of_plan_body

rules.add_perm("planning.view_plan", is_public | can_manage | is_observer_of_plan_body)
rules.add_perm("planning.view_plan_internal", can_manage | is_observer_of_plan_body)
rules.add_perm("planning.manage_plan", can_manage)
rules.add_perm("planning.propose_topic", outsider & accepts_proposals)
rules.add_perm("planning.comment_plan", outsider & accepts_comments)
