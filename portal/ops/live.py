"""Gauges read at scrape time: outbox backlog, broker queue length, the oldest audit event not yet sealed."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import ChannelError
from prometheus_client.core import GaugeMetricFamily

from portal.notifications.models import OutboxMessage, OutboxStatus

try:
    from portal.audit.selectors import oldest_unsealed_age_seconds
except ImportError:  # before the audit-chain redesign every event is sealed as it is written
    oldest_unsealed_age_seconds = None

logger = logging.getLogger("portal.ops")


def queue_length(queue):
    """Messages waiting in a broker queue, or None when the broker cannot be reached within 2 s."""
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2,
                        transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            try:
                return conn.default_channel.queue_declare(queue=queue, passive=True).message_count
            except ChannelError:  # the broker answered: the queue was never declared, so nothing waits in it
                return 0
    except Exception as exc:  # noqa: BLE001 - an unreachable broker: no figure
        logger.info("metrics: queue length unavailable", extra={"queue": queue, "error": repr(exc)[:200]})
        return None


def oldest_unsealed_audit_age():
    """Seconds since the oldest audit event that is not yet part of the hash chain (0 when all are sealed)."""
    if oldest_unsealed_age_seconds is None:
        return 0.0
    return float(oldest_unsealed_age_seconds() or 0)


class LiveCollector:
    def collect(self):
        try:
            yield from self._outbox()
        except DatabaseError as exc:  # the process's own figures are still served while the database is away
            logger.warning("metrics: database unavailable", extra={"error": repr(exc)[:200]})
            yield GaugeMetricFamily("portal_database_up", "1 when the database answered this scrape.", value=0)
        else:
            yield GaugeMetricFamily("portal_database_up", "1 when the database answered this scrape.", value=1)
        yield from self._broker()

    def _outbox(self):
        backlog = GaugeMetricFamily("portal_outbox_messages", "Outbox rows by status (sent rows not counted).",
                                    labels=["status"])
        counts = dict(OutboxMessage.objects.exclude(status=OutboxStatus.SENT).order_by().values("status")
                      .annotate(n=Count("id")).values_list("status", "n"))
        for status in (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED):
            backlog.add_metric([status], counts.get(status, 0))
        yield backlog
        oldest = OutboxMessage.objects.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING]).aggregate(
            oldest=Min("created_at"))["oldest"]
        yield GaugeMetricFamily("portal_outbox_oldest_pending_age_seconds",
                                "Age of the oldest outbox row not yet delivered (0 when none).",
                                value=(timezone.now() - oldest).total_seconds() if oldest else 0)
        yield GaugeMetricFamily("portal_audit_oldest_unsealed_age_seconds",
                                "Age of the oldest audit event not yet sealed into the hash chain.",
                                value=oldest_unsealed_audit_age())

    def _broker(self):
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        length = queue_length(queue)
        yield GaugeMetricFamily("portal_broker_up", "1 when the Celery broker answered this scrape.",
                                value=0 if length is None else 1)
        if length is not None:
            family = GaugeMetricFamily("portal_celery_queue_length", "Messages waiting in the broker queue.",
                                       labels=["queue"])
            family.add_metric([queue], length)
            yield family
