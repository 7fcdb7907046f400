"""Publication listeners: higher apps (open data) learn, inside the publishing transaction, that a competition's
public facts changed, without competitions importing them and without a signal: ``competition_transition`` calls
``announce_publication`` for the statuses in ``PUBLIC_EVENTS``, and each registered listener runs in order (a
listener records its side effect through the outbox, so it is committed with the change or not at all)."""

from .enums import CompetitionStatus

# A competition becomes public, its results are (re)published, or it is cancelled: the open data changes.
PUBLIC_EVENTS = frozenset({CompetitionStatus.PUBLISHED, CompetitionStatus.RESULTS_PUBLISHED,
                           CompetitionStatus.CANCELLED})

_LISTENERS = {}


def register_publication_listener(key, listener):
    """``listener(*, competition, to)``; registering the same key again replaces it (app reloads)."""
    _LISTENERS[key] = listener


def announce_publication(*, competition, to):
    if to not in PUBLIC_EVENTS:
        return
    for listener in list(_LISTENERS.values()):
        listener(competition=competition, to=to)
