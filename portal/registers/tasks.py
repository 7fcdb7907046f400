from celery import shared_task

from .services import organizations_recheck


@shared_task(name="registers.recheck_unverified", acks_late=True, ignore_result=True)
def recheck_unverified():
    """Beat (every 30 minutes): re-check unverified organisations in the state registers."""
    return organizations_recheck()
