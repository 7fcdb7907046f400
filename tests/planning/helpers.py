"""Builders for plan tests: a plan moved through its real services, with dates in the past where a state
needs time to have passed (the proposal window closed, the ten working days of discussion over)."""

from datetime import timedelta

from django.utils import timezone

from planning import services
from planning.enums import PlanStatus
from planning.validators import earliest_discussion_end
from tests import factories as f


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def plan_at(status, *, body=None, official=None, items=1, discussion_open=True):
    """A plan of ``body`` in ``status`` with ``items`` complete items. In discussion: open for comments today
    (``discussion_open``) or already past its end (ready to approve)."""
    body = body or f.GovernmentBodyFactory()
    official = official or f.OfficialMembershipFactory(body=body, role="manager").user
    plan = f.PlanFactory(body=body)
    for _index in range(items):
        f.PlanItemFactory(plan=plan, number=_index + 1)
    if status == PlanStatus.DRAFT:
        return plan
    today = timezone.localdate()
    if status == PlanStatus.PROPOSALS_OPEN:
        return services.plan_open_proposals(plan=plan, proposals_until=today + timedelta(days=7), actor=official)
    start_days = 0 if status == PlanStatus.IN_DISCUSSION and discussion_open else 40
    services.plan_open_proposals(plan=plan, proposals_until=today - timedelta(days=start_days + 1), actor=official,
                                 now=days_ago(start_days + 10))
    start = timezone.localtime(days_ago(start_days)).date()
    services.plan_start_discussion(plan=plan, discussion_ends_on=earliest_discussion_end(start), actor=official,
                                   now=days_ago(start_days))
    if status == PlanStatus.APPROVED:
        services.plan_approve(plan=plan, decision="Order No. 45 of 12.12.2026", actor=official)
    plan.refresh_from_db()
    return plan
