"""The NGO dashboard panel "Your applications": each application with its status and the next thing to do."""

from django.utils import timezone

from portal.dashboard import register_panel

from .availability import competition_cancelled
from .enums import OUTCOMES, ApplicationStatus
from .selectors import applications_of_user_organizations


def next_step(application, now):
    status = application.status
    if competition_cancelled(application.competition) and status not in OUTCOMES:
        return "cancelled"
    if status == ApplicationStatus.DRAFT:
        return "continue" if application.competition.is_open_at(now) else "late"
    if status == ApplicationStatus.RETURNED:
        return "correct"
    if status == ApplicationStatus.SUBMITTED:
        return "wait_admission"
    if status == ApplicationStatus.ADMITTED:
        return "wait_results"
    if status in OUTCOMES or status == ApplicationStatus.REJECTED:
        return "results"
    return ""


def _context(request, roles):
    now = timezone.now()
    return {"applications": [{"application": a, "next": next_step(a, now)}
                             for a in applications_of_user_organizations(request.user)]}


def register():
    register_panel(key="applications.mine", order=20, template="applications/dashboard_ngo.html",
                   applies=lambda roles: roles.is_ngo, context=_context)
