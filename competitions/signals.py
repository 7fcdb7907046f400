"""Hooks that let higher apps (scoring) take part in competition actions without competitions importing them."""

from django.dispatch import Signal

# Sent inside the publishing transaction with ``competition`` and ``problems`` (a list to append
# messages to). A receiver that appends a problem stops the publication.
competition_publishing = Signal()

# Sent inside the transaction after every status change with ``competition``, ``before``, ``to``, ``actor``.
competition_status_changed = Signal()
