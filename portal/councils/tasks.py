from celery import shared_task
from django.db import OperationalError

from .services import council_documents_notify_overdue


@shared_task(name="councils.notify_overdue", acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=5)
def notify_overdue():
    return council_documents_notify_overdue()
