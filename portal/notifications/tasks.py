from celery import shared_task


@shared_task(name="notifications.dispatch_outbox", acks_late=True, ignore_result=True,
             soft_time_limit=240, time_limit=300)
def dispatch_outbox():
    """Deliver whatever is due in the outbox (kicked after a commit, and swept by beat)."""
    from .services import outbox_dispatch  # services kicks this task: a cycle

    result = outbox_dispatch(max_batches=20)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}


@shared_task(name="notifications.send_emails", acks_late=True, ignore_result=True)
def send_notification_emails(*, notification_ids=None):
    """Messages queued before the outbox existed (a rolling upgrade): the outbox now sends every e-mail."""
    dispatch_outbox()
