"""Every write of the projects app. Re-exported here so callers import ``projects.services``."""

from .agreement import (
    agreement_create,
    agreement_into_force,
    agreement_render,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    amendment_approve,
    amendment_refuse,
    amendment_request,
)
from .award import (
    project_decline,
    project_fund_lower,
    project_offer_next_reserve,
    projects_create_from_results,
    projects_decline_unsigned,
)
from .closure import (
    project_close,
    project_declare_unspent,
    project_record_return,
    project_start_evaluation,
    project_start_final_reporting,
    project_terminate,
)
from .messages import message_post
from .money import (
    tranche_approve,
    tranche_make_due,
    tranche_pay,
    tranche_withhold,
    tranches_release_for_period,
    year_decide,
)
from .report_reminders import reports_remind_and_flag
from .reports import (
    evidence_add,
    evidence_remove,
    report_accept,
    report_return,
    report_save,
    report_submit,
    report_transition,
)
from .results import projects_follow_results
from .revision import revision_accept, revision_return, revision_submit
from .transitions import agreement_transition, project_transition, tranche_transition

__all__ = [
    "evidence_add", "evidence_remove", "message_post", "report_accept", "report_return", "report_save",
    "report_submit", "report_transition", "reports_remind_and_flag",
    "agreement_create", "agreement_into_force", "agreement_render", "agreement_send", "agreement_sign_body",
    "agreement_sign_ngo", "agreement_transition", "amendment_approve", "amendment_refuse", "amendment_request",
    "project_close", "project_declare_unspent", "project_decline", "project_fund_lower",
    "project_offer_next_reserve", "project_record_return", "project_start_evaluation",
    "project_start_final_reporting", "project_terminate", "project_transition", "projects_create_from_results",
    "projects_decline_unsigned", "projects_follow_results", "revision_accept", "revision_return",
    "revision_submit", "tranche_approve", "tranche_make_due", "tranche_pay", "tranche_transition",
    "tranche_withhold", "tranches_release_for_period", "year_decide",
]
