"""Dashboard panels: the body's plans with what waits for the official; for everyone else the plans that
accept proposals or comments now."""

from django.db.models import Q
from django.utils import timezone

from portal.dashboard import register_panel

from .enums import PlanStatus
from .selectors import plans_followed_by, plans_for_user

PANEL_ROWS = 10


def _body_context(request, roles):
    return {"plans": list(plans_followed_by(request.user).order_by("-year", "id")[:PANEL_ROWS]),
            "read_only": not (roles.is_official or roles.is_admin)}


def _open_context(request, roles):
    today = timezone.localdate()
    open_now = (Q(status=PlanStatus.PROPOSALS_OPEN, proposals_until__gte=today)
                | Q(status=PlanStatus.IN_DISCUSSION, discussion_ends_on__gte=today))
    return {"plans": list(plans_for_user(request.user).filter(open_now).order_by("-year", "id")[:PANEL_ROWS])}


def register():
    register_panel(key="planning_body", order=20, template="planning/dashboard_body_panel.html",
                   applies=lambda roles: roles.is_official or roles.is_observer, context=_body_context)
    register_panel(key="planning_open", order=15, template="planning/dashboard_open_panel.html",
                   applies=lambda roles: not roles.is_official, context=_open_context)
