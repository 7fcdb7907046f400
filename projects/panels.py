"""Dashboard panels of progress reports: the organisation and the officials (and observers) of the body see
the reports that are late or overdue, with a link to each."""

from django.utils import timezone

from portal.dashboard import register_panel

from .selectors_reports import late_reports_for_user


def _late_context(request, roles):
    today = timezone.localdate()
    return {"reports": late_reports_for_user(request.user, today=today), "today": today}


def register():
    register_panel(key="projects_late_reports", order=57, template="projects/report_late_panel.html",
                   applies=lambda roles: roles.is_ngo or roles.is_official or roles.is_observer,
                   context=_late_context)
