"""Beat tasks of the audit trail: the sealer every few seconds, the published head once a day."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="audit.seal", acks_late=True, ignore_result=True)
def seal():
    # Imported on call (Celery's task idiom): the worker loads task modules before the app registry is ready.
    from .services import audit_seal

    return audit_seal().sealed


@shared_task(name="audit.publish_head", acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=5)
def publish_head():
    # Imported on call (Celery's task idiom), as above.
    from .services import head_publish

    published = head_publish()
    return published.seq if published is not None else 0
