from celery import shared_task
from django.db import OperationalError


@shared_task(name="competitions.close_due_competitions", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def close_due_competitions():
    from .services import competitions_close_due  # Celery's idiom: the task loads the service when it runs

    return competitions_close_due()
