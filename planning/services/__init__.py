"""Every write of planning: keyword-only functions, one transaction each, the audit row inside it.

``plans``: the plan and its states; ``items``: items and evidence (versions after approval); ``proposals``:
topic proposals and decisions; ``discussion``: comments, moderation, answers.
"""

from .common import PlanRefused
from .discussion import comment_answer, comment_moderate, comment_submit, comment_transition
from .items import (
    evidence_add,
    evidence_remove,
    plan_item_create,
    plan_item_delete,
    plan_item_update,
    plan_item_withdraw,
)
from .plans import (
    plan_approve,
    plan_create,
    plan_open_proposals,
    plan_start_discussion,
    plan_transition,
    plan_update,
    version_create,
)
from .proposals import proposal_decide, proposal_submit, proposal_transition

__all__ = [
    "PlanRefused", "comment_answer", "comment_moderate", "comment_submit", "comment_transition", "evidence_add",
    "evidence_remove", "plan_approve", "plan_create", "plan_item_create", "plan_item_delete", "plan_item_update",
    "plan_item_withdraw", "plan_open_proposals", "plan_start_discussion", "plan_transition", "plan_update",
    "proposal_decide", "proposal_submit", "proposal_transition", "version_create",
]
