"""Session limits: an idle timeout (shorter for officials and administrators) and an absolute lifetime.

At sign-in the session records when it started and which idle timeout applies (the roles are read then, once);
the middleware ends a session that was idle too long or is older than ``SESSION_MAX_HOURS``. A session without
these marks (made before they existed) is ended too. "Last seen" is written at most once a minute.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

from .selectors import roles_for_user

STARTED = "portal_started_at"
SEEN = "portal_seen_at"
IDLE = "portal_idle_seconds"
SEEN_RESOLUTION = 60


def idle_seconds_for(user):
    roles = roles_for_user(user)
    privileged = roles.is_official or user.is_staff
    minutes = settings.SESSION_IDLE_MINUTES_PRIVILEGED if privileged else settings.SESSION_IDLE_MINUTES
    return minutes * 60


def mark_session_start(sender, request, user, **kwargs):
    """``user_logged_in`` receiver."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now
    request.session[IDLE] = idle_seconds_for(user)


def session_expired(session, now):
    started, seen, idle = session.get(STARTED), session.get(SEEN), session.get(IDLE)
    if started is None or seen is None or idle is None:
        return True
    return now - started > settings.SESSION_MAX_HOURS * 3600 or now - seen > idle


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if session_expired(session, now):
                logout(request)
                messages.info(request, _("Your session has ended. Sign in again to continue."))
            elif now - session[SEEN] >= SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)
