"""Thin Celery task of the commission: a protocol id in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="scoring.render_protocol", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5,
             soft_time_limit=600, time_limit=900)
def render_protocol(*, protocol_id):
    """Produce one protocol file; the service is idempotent."""
    from .protocol import protocol_render  # Celery's idiom: the services import this module

    protocol = protocol_render(protocol_id=protocol_id)
    return {"protocol_id": protocol_id, "status": getattr(protocol, "status", None)}
