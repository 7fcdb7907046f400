"""Writes of the stored receipt: asking for one (in the submit transaction, or for an old submission) and
rendering it (the body of the worker's task, idempotent: the file is stored once, by whichever run is first)."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.notifications.services import outbox_enqueue_task
from portal.pdf import BILINGUAL

from ..models import Application, Receipt
from .render import receipt_pdf

log = logging.getLogger(__name__)


@transaction.atomic
def receipt_request(*, application):
    """The receipt of the application's current submission, one PDF in Kazakh and Russian; the first request
    writes the row and the worker's job (through the outbox) in the caller's transaction, later ones return that
    row and enqueue nothing."""
    receipt, created = Receipt.objects.get_or_create(
        application=application, snapshot_sha256=application.snapshot_sha256, language=BILINGUAL)
    if created:
        outbox_enqueue_task(task="applications.render_receipt", kwargs={"receipt_id": receipt.pk},
                            key=f"receipt:{receipt.pk}")
    return receipt


def receipt_render(*, receipt_id):
    """Render and store the PDF of one receipt (the worker's job). Safe to run twice: the first run to commit stores
    the file and records "application.receipt_stored"; a later one finds it and stores nothing. A receipt asked for
    a submission that was since replaced by a new one (a returned bid submitted again) is left without a file."""
    receipt = Receipt.objects.filter(pk=receipt_id).first()
    if receipt is None or receipt.file:
        return receipt
    application = (Application.objects.select_related("competition", "organization")
                   .filter(pk=receipt.application_id, snapshot_sha256=receipt.snapshot_sha256).first())
    if application is None:
        return receipt
    content = receipt_pdf(application)
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if locked.file:
            return locked  # another run stored it first
        locked.file.save(f"receipt-{application.registration_number}.pdf", ContentFile(content), save=False)
        locked.sha256, locked.rendered_at = sha256, timezone.now()
        locked.save(update_fields=["file", "sha256", "rendered_at"])
        audit.record(actor=None, action="application.receipt_stored", target=application,
                     competition_id=application.competition_id,
                     after={"language": locked.language, "sha256": sha256,
                            "snapshot_sha256": locked.snapshot_sha256})
    log.info("receipt.stored", extra={"receipt_id": locked.pk, "application_id": application.pk})
    return locked
