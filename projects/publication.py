"""Publication listeners of the projects app: higher apps (open data) learn, inside the writing transaction, that
a project's public money facts changed (an agreement entered into force or was cancelled, a tranche was paid, a
project closed or was terminated), without projects importing them. The one writer of each status calls
``announce_change``; each registered listener runs in order and records its side effect through the outbox, so it
is committed with the change or not at all (the same pattern as ``competitions.publication``)."""

from .enums import AgreementStatus, ProjectStatus, TrancheStatus

# (kind, status) pairs that change the open data: a contract's status, dates or its transactions.
PUBLIC_EVENTS = frozenset({
    ("agreement", AgreementStatus.IN_FORCE), ("agreement", AgreementStatus.CANCELLED),
    ("tranche", TrancheStatus.PAID),
    ("project", ProjectStatus.CLOSED), ("project", ProjectStatus.TERMINATED),
})

_LISTENERS = {}


def register_change_listener(key, listener):
    """``listener(*, project, kind, to)``; registering the same key again replaces it (app reloads)."""
    _LISTENERS[key] = listener


def announce_change(*, project, kind, to):
    if (kind, to) not in PUBLIC_EVENTS:
        return
    for listener in list(_LISTENERS.values()):
        listener(project=project, kind=kind, to=to)
