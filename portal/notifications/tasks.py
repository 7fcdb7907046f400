from celery import shared_task
from django.db import OperationalError


@shared_task(name="notifications.send_emails", acks_late=True, autoretry_for=(OperationalError, OSError),
             retry_backoff=True, max_retries=5)
def send_notification_emails(*, notification_ids):
    from .services import notifications_send_emails

    notifications_send_emails(notification_ids=notification_ids)
