"""Hooks that let higher apps (scoring) take part in competition actions without competitions importing them."""

from django.dispatch import Signal

# Sent inside the publishing transaction with ``competition`` and ``problems`` (a list to append
# messages to). A receiver that appends a problem stops the publication.
competition_publishing = Signal()

# Sent inside the transaction after every status change with ``competition``, ``before``, ``to``, ``actor``.
competition_status_changed = Signal()

# Sent inside the transaction after the application deadline moved, with ``competition``, ``before`` and
# ``after`` (the old and new ``closes_at``), ``reason`` and ``actor``. Applications notifies the applicants.
competition_deadline_extended = Signal()

# Sent inside the transaction after a cancellation, with ``competition``, ``reason`` and ``actor``
# (after ``competition_status_changed``). Applications notifies everyone with an application.
competition_cancelled = Signal()
