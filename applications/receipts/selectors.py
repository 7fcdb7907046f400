"""Reads of the stored receipt."""

from ..models import Receipt


def receipt_of(application, *, language):
    """The receipt of the application's current submission in ``language`` (stored or being prepared), or None."""
    if not application.snapshot_sha256:
        return None
    return Receipt.objects.filter(application=application, snapshot_sha256=application.snapshot_sha256,
                                  language=language).first()
