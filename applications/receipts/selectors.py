"""Reads of the stored receipt."""

from portal.pdf import BILINGUAL

from ..models import Receipt


def receipt_of(application, *, language=None):
    """The receipt of the application's current submission: the one in Kazakh and Russian (stored or being
    prepared), else one stored before receipts carried both languages (in ``language`` when there is one), or
    None."""
    if not application.snapshot_sha256:
        return None
    receipts = list(Receipt.objects.filter(application=application, snapshot_sha256=application.snapshot_sha256))
    for preferred in (BILINGUAL, (language or "")[:2]):
        for receipt in receipts:
            if receipt.language == preferred:
                return receipt
    return next((receipt for receipt in receipts if receipt.file), None)
