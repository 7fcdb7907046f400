from celery import shared_task
from django.db import OperationalError


@shared_task(name="opendata.regenerate", acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def regenerate():
    """Beat (``OPENDATA_REGENERATE_SECONDS``) and every publication (through the outbox) run this; idempotent."""
    from .services import opendata_regenerate  # Celery's idiom: the task loads the service when it runs

    return opendata_regenerate()
