"""The request id: taken from a valid ``X-Request-ID`` header or made up, carried through logs, the response
header, the Celery tasks a request starts (a message header) and the outbox rows it writes."""

import contextvars
import re
import uuid

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")
_current = contextvars.ContextVar("request_id", default="")


def get_request_id() -> str:
    return _current.get()


def set_request_id(value: str):
    """Set the id for the current context; returns the token to ``reset_request_id`` with."""
    return _current.set(value or "")


def reset_request_id(token):
    _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value) -> str:
    """The caller's id if it is a plain token of 8-64 characters, otherwise a new one (never log raw input)."""
    if isinstance(value, str) and _VALID.match(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """Outermost: every later middleware, view and log line of the request sees the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = clean_request_id(request.headers.get(HEADER))
        # Kept until ``request_finished`` (see clear_request_id), so Django's own log line of an error answer,
        # written after the middleware returned, still carries it.
        set_request_id(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def clear_request_id(**kwargs):
    set_request_id("")
