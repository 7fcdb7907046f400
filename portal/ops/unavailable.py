"""When the database is down or restarting, answer 503 with ``Retry-After`` (a translated page, or JSON under
``/api/``) instead of a 500 with a traceback. The transaction of the failed request is rolled back by the
database, so nothing is half-written; ``CONN_HEALTH_CHECKS`` makes the next request open a fresh connection, so
the portal recovers by itself when the database is back."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("portal.ops")
RETRY_AFTER_SECONDS = 10
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response(request, exc):
    logger.warning("database unavailable: answered 503", extra={"path": request.path, "error": repr(exc)[:300]})
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _("The service is temporarily unavailable. Try again in a minute."),
                                 "code": "service_unavailable"}, status=503)
    else:
        # Rendered without the request: context processors read the database, which is what failed.
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS,
                                                              "path": request.get_full_path()}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: a database error raised outside a view (e.g. saving the session) is a 503 too."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return unavailable_response(request, exc)
    return defaults.server_error(request, template_name=template_name)
