"""Domain errors shared by every app. Views and the API turn them into 4xx answers, never 500."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the action; ``message`` is safe to show the user."""

    status_code = 400

    def __init__(self, message="", *, code="invalid"):
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


class TransitionError(DomainError):
    """A state change that the state machine does not allow."""

    status_code = 409

    def __init__(self, kind, current, to):
        self.kind, self.current, self.to = kind, current, to
        super().__init__(
            _("A %(kind)s in state “%(current)s” cannot move to “%(to)s”.")
            % {"kind": kind, "current": current, "to": to},
            code="forbidden_transition",
        )


class StaleVersionError(DomainError):
    """Optimistic locking: the object changed since the caller read it."""

    status_code = 409

    def __init__(self):
        super().__init__(
            _("This was changed elsewhere (another tab or person) after you opened it. "
              "Your text is kept below: review it and save again."),
            code="stale_version",
        )


def check_transition(*, table, kind, current, to):
    if to not in table.get(current, ()):
        raise TransitionError(kind, current, to)
