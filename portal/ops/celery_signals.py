"""Celery hooks: the request id travels in a message header into the task it starts (and into its logs), and
every task's duration and failure are counted for /metrics."""

import time

from celery import signals

from . import metrics
from .request_id import get_request_id, new_request_id, reset_request_id, set_request_id

HEADER = "portal_request_id"
_running = {}


def _add_request_id(headers=None, **kwargs):
    if headers is not None and not headers.get(HEADER):
        headers[HEADER] = get_request_id()


def _task_started(task_id=None, task=None, **kwargs):
    request_id = None
    if task is not None:
        request_id = getattr(task.request, HEADER, None) or (task.request.headers or {}).get(HEADER)
    # An eager task (tests, embedded runs) runs inside its caller and keeps the caller's id.
    _running[task_id] = (time.monotonic(), set_request_id(request_id or get_request_id() or new_request_id()))


def _task_finished(task_id=None, task=None, state=None, **kwargs):
    started = _running.pop(task_id, None)
    if started is None:
        return
    began, token = started
    metrics.observe_task(getattr(task, "name", "?"), state or "UNKNOWN", time.monotonic() - began)
    try:
        reset_request_id(token)
    except ValueError:  # finished in another context than it started (eager tasks nested in a request)
        pass


def _task_failed(sender=None, **kwargs):
    metrics.count_task_failure(getattr(sender, "name", "?"))


def connect():
    signals.before_task_publish.connect(_add_request_id, dispatch_uid="portal-request-id-publish", weak=False)
    signals.task_prerun.connect(_task_started, dispatch_uid="portal-task-started", weak=False)
    signals.task_postrun.connect(_task_finished, dispatch_uid="portal-task-finished", weak=False)
    signals.task_failure.connect(_task_failed, dispatch_uid="portal-task-failed", weak=False)
    signals.worker_init.connect(metrics.start_worker_exporter, dispatch_uid="portal-worker-metrics", weak=False)
