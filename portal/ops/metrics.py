"""Prometheus metrics at ``/metrics``: request latency by view, Celery task durations and failures, queue length,
outbox backlog and the age of the oldest audit event not yet sealed into the chain.

Access: a client address in ``METRICS_ALLOWED_IPS`` (addresses or networks; default: loopback outside
production, nobody in production) or ``Authorization: Bearer <METRICS_TOKEN>``; anyone else gets 403.
Several processes (gunicorn workers, a prefork Celery worker) share their figures through
``PROMETHEUS_MULTIPROC_DIR`` (an empty folder per host, cleared at start); a worker on another host serves its
own task figures on ``CELERY_METRICS_PORT``.
"""

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)

from .live import LiveCollector

logger = logging.getLogger("portal.ops")

REQUEST_LATENCY = Histogram(
    "portal_http_request_duration_seconds", "Time to answer a request, by URL name, method and status class.",
    ["view", "method", "status"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
TASK_DURATION = Histogram(
    "portal_celery_task_duration_seconds", "Run time of Celery tasks, by task and final state.", ["task", "state"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900))
TASK_FAILURES = Counter("portal_celery_task_failures_total", "Celery tasks that raised, by task.", ["task"])


def observe_task(name, state, seconds):
    TASK_DURATION.labels(task=name, state=state).observe(seconds)


def count_task_failure(name):
    TASK_FAILURES.labels(task=name).inc()


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        REQUEST_LATENCY.labels(view=view, method=request.method, status=f"{response.status_code // 100}xx").observe(
            time.perf_counter() - began)
        return response


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _allowed(request):
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


def metrics_view(request):
    if not _allowed(request):
        return HttpResponseForbidden("metrics: not allowed from this address without the bearer token\n",
                                     content_type="text/plain")
    registry = CollectorRegistry()
    registry.register(LiveCollector())
    body = generate_latest(_registry()) + generate_latest(registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def start_worker_exporter(**kwargs):
    """In a Celery worker with ``CELERY_METRICS_PORT`` set: serve its task figures over HTTP."""
    port = getattr(settings, "CELERY_METRICS_PORT", 0)
    if port:
        start_http_server(port, addr=settings.CELERY_METRICS_ADDR, registry=_registry())
        logger.info("worker metrics served", extra={"port": port})


