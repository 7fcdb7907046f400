"""Thin Celery task of the reports: a report id in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="scoring.render_report", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5,
             soft_time_limit=600, time_limit=900)
def render_report(*, report_id):
    """Produce the file of one report; the service is idempotent (a finished report is left as it is)."""
    from .services import report_render  # Celery's idiom: the services import this module

    report = report_render(report_id=report_id)
    return {"report_id": report_id, "status": getattr(report, "status", None)}


@shared_task(name="scoring.sweep_reports", ignore_result=True, soft_time_limit=120, time_limit=180)
def sweep_reports():
    """Beat: queue again the reports whose worker died (their lease lapsed)."""
    from .services import report_sweep

    return {"requeued": report_sweep()}
