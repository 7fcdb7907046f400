"""A real Celery worker on a real broker closes a competition whose deadline has passed, exactly once.

Runs when ``CELERY_BROKER_URL`` (Redis) and ``DATABASE_URL`` (PostgreSQL) are set, as ``.ci/run`` does:
a worker subprocess is started against the same broker and the test database pytest-django created
(``test_<name>``), the beat task is sent by name through the broker, and the database is polled.
Without a broker the test is skipped with a reason; with a broker that cannot be reached it fails.
With a broker but SQLite it is skipped too: the worker cannot share pytest-django's test database.

The worker listens on a queue of its own (a fresh name per run), so another worker on the same broker
(a developer's ``make run``, another test run) cannot take these messages, and this worker takes no others.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from tests import factories as f

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
SKIP_REASON = "set CELERY_BROKER_URL and DATABASE_URL to run (a Redis broker and PostgreSQL, as .ci/run does)"
WORKER_READY_TIMEOUT = 60
TASK_TIMEOUT = 30


def require_broker_and_postgres():
    if not BROKER_URL or BROKER_URL.startswith("filesystem"):
        pytest.skip(SKIP_REASON)
    from kombu import Connection

    problem = None
    try:
        with Connection(BROKER_URL, connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=1, timeout=5)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the message we want
        problem = exc
    if problem is not None:
        pytest.fail(f"CELERY_BROKER_URL={BROKER_URL} is set but the broker cannot be reached: {problem!r}",
                    pytrace=False)
    if connection.vendor != "postgresql":
        pytest.skip(f"{SKIP_REASON}; DATABASE_URL is not PostgreSQL here, and a worker process cannot share "
                    "pytest-django's SQLite test database")


def worker_database_url():
    """The URL of the database this test runs on (pytest-django's ``test_...``), for the worker."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


class Worker:
    """``celery -A portal worker`` on its own queue, logging to a file; always stopped by ``stop()``."""

    def __init__(self, tmp_path):
        self.queue = f"harness-{uuid.uuid4().hex[:12]}"
        self.log_path = tmp_path / "worker.log"
        self.process = None

    def start(self):
        env = {key: value for key, value in os.environ.items() if key != "CELERY_TASK_ALWAYS_EAGER"}
        # Its own queue is also its default queue: the jobs it sends itself (the outbox dispatcher sending a report
        # job) come back to it.
        env.update(DATABASE_URL=worker_database_url(), CELERY_BROKER_URL=BROKER_URL,
                   DJANGO_SETTINGS_MODULE="portal.settings", PYTHONUNBUFFERED="1", CELERY_TASK_DEFAULT_QUEUE=self.queue)
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel", "INFO",
                   "--pool", "solo", "--queues", self.queue, "--hostname", f"{self.queue}@%h",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.tail()}", pytrace=False)
            if " ready." in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.2)
        pytest.fail(f"the worker was not ready after {WORKER_READY_TIMEOUT} s:\n{self.tail()}", pytrace=False)

    def tail(self, lines=40):
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if getattr(self, "log", None) is not None:
            self.log.close()


def wait_until(predicate, worker, what):
    deadline = time.monotonic() + TASK_TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker died while waiting for {what}:\n{worker.tail()}", pytrace=False)
        time.sleep(0.2)
    pytest.fail(f"timed out after {TASK_TIMEOUT} s waiting for {what}; worker log:\n{worker.tail()}", pytrace=False)


def status_of(competition):
    return Competition.objects.values_list("status", flat=True).get(pk=competition.pk)


def closed_events(competition):
    return AuditEvent.objects.filter(action="competition.closed", target_type="competitions.competition",
                                     target_id=str(competition.pk))


def due_competition():
    now = timezone.now()
    return f.CompetitionFactory(status=CompetitionStatus.PUBLISHED, opens_at=now - timedelta(days=20),
                                closes_at=now - timedelta(minutes=1), published_at=now - timedelta(days=21))


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_closes_a_due_competition_once(tmp_path):
    require_broker_and_postgres()
    from portal.celery import app

    app.conf.task_always_eager = False  # the autouse fixture in tests/conftest.py restores it afterwards
    assert settings.CELERY_BROKER_URL == BROKER_URL

    due = due_competition()
    still_open = f.CompetitionFactory(status=CompetitionStatus.PUBLISHED)
    worker = Worker(tmp_path)
    try:
        worker.start()
        app.send_task("competitions.close_due_competitions", queue=worker.queue)
        wait_until(lambda: status_of(due) == CompetitionStatus.CLOSED, worker, f"{due.reference} to close")

        due.refresh_from_db()
        first_closed_at = due.closed_at
        assert first_closed_at is not None
        event = closed_events(due).get()
        assert (event.actor_id, event.actor_label, event.reason) == (None, "system", "@deadline_reached")
        assert event.before == {"status": "published"} and event.after == {"status": "closed"}

        # Run the task again. A second due competition is the marker that the second run has happened.
        marker = due_competition()
        app.send_task("competitions.close_due_competitions", queue=worker.queue)
        wait_until(lambda: status_of(marker) == CompetitionStatus.CLOSED, worker, "the second run")

        due.refresh_from_db()
        assert due.status == CompetitionStatus.CLOSED
        assert due.closed_at == first_closed_at
        assert closed_events(due).count() == 1
        assert closed_events(marker).count() == 1
        assert status_of(still_open) == CompetitionStatus.PUBLISHED
        assert AuditEvent.objects.filter(action="competition.closed").count() == 2
        assert verify_chain().ok, "events written by the worker must extend the chain"
        assert "competitions.close_due_competitions" in worker.tail(200)
    finally:
        worker.stop()
