"""Thin Celery task of the receipts: a receipt id in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="applications.render_receipt", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, ignore_result=True,
             soft_time_limit=120, time_limit=180)
def render_receipt(*, receipt_id):
    """Render and store one receipt PDF; the service is idempotent (a stored receipt is left as it is)."""
    from .services import receipt_render  # Celery's idiom: tasks stay thin, the services hold the work

    receipt = receipt_render(receipt_id=receipt_id)
    return {"receipt_id": receipt_id, "stored": bool(receipt is not None and receipt.file)}
