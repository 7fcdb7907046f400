"""Dashboard panels: officials see the council documents waiting for their body's answer (overdue first);
council members see their council and, as chair or secretary, where to file a document."""

from django.utils import timezone

from portal.dashboard import register_panel

from .selectors import documents_awaiting_answer, memberships_of_user

PANEL_ROWS = 20


def _awaiting_context(request, roles):
    today = timezone.localdate()
    documents = list(documents_awaiting_answer(request.user, today=today)[:PANEL_ROWS])
    for document in documents:
        document.overdue = document.is_overdue_on(today)
    return {"documents": documents, "n_overdue": sum(d.overdue for d in documents)}


def _member_context(request, roles):
    return {"memberships": list(memberships_of_user(request.user))}


def register():
    register_panel(key="councils_awaiting", order=58, template="councils/dashboard_official_panel.html",
                   applies=lambda roles: roles.is_official, context=_awaiting_context)
    register_panel(key="councils_member", order=60, template="councils/dashboard_member_panel.html",
                   applies=lambda roles: roles.is_observer, context=_member_context)
