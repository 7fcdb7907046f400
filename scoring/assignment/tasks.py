"""Celery beat task of the review work: reminders. Thin: one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="scoring.send_review_reminders", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def send_review_reminders():
    """Beat: 2 working days before the due date and when overdue, at most once a day per assignment."""
    from .services import review_reminders_send  # Celery's idiom: the task loads the service when it runs

    return review_reminders_send()
