"""Fault tests with real processes: a worker SIGKILLed while sending mail, Redis stopped and PostgreSQL restarted
during a burst of submissions, and two beat processes at once.

Each test runs its own servers (bench/harness.py): a PostgreSQL cluster made with ``initdb`` in a temporary
folder on a free port (as user ``postgres`` when run as root), a ``redis-server`` on a free port, gunicorn, Celery
worker and beat, and an SMTP sink in this process; never the shared 5432/6379 servers. The cluster is migrated once
per module into a template database; each test gets a fresh copy. Like the other integration tests they run only
when ``CELERY_BROKER_URL`` is set (CI sets it), and are skipped with the reason when a tool is missing.
"""

import json
import os
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest

from bench import harness
from bench.rush import request, run_clients

pytestmark = pytest.mark.integration

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not BROKER_URL or BROKER_URL.startswith("filesystem"):
        pytest.skip("set CELERY_BROKER_URL (as .ci/run does) to run the fault tests")
    missing = harness.missing_tools()
    if missing:
        pytest.skip(f"the fault tests need {', '.join(missing)}")
    folder = tmp_path_factory.mktemp("faults")
    pg = harness.Postgres().init()
    try:
        pg.sql("CREATE DATABASE template_portal")
        harness.manage(harness.portal_env(database_url=pg.url("template_portal"), broker_url="memory://",
                                          CELERY_DATA_DIR=folder / "celery"), "migrate", "--noinput", "-v", "0")
        yield pg
    finally:
        pg.remove()


class Stack:
    """One test's database (a copy of the migrated template), Redis, media folder and processes."""

    def __init__(self, cluster, folder):
        self.cluster, self.folder = cluster, folder
        self.database = f"fault_{uuid.uuid4().hex[:10]}"
        cluster.sql(f'CREATE DATABASE "{self.database}" TEMPLATE template_portal')
        self.redis = harness.Redis(folder).start()
        self.processes = []

    def env(self, **extra):
        return harness.portal_env(database_url=self.cluster.url(self.database), broker_url=self.redis.url,
                                  MEDIA_ROOT=self.folder / "media", CELERY_DATA_DIR=self.folder / "celery", **extra)

    def keep(self, process):
        self.processes.append(process)
        return process

    def data(self, env, *args):
        return json.loads(harness.python(env, "bench/rush_data.py", *args))

    def logs(self):
        return "\n".join(f"--- {p.name}\n{p.tail(30)}" for p in self.processes)

    def close(self):
        for process in reversed(self.processes):
            process.stop(timeout=10)
        self.redis.stop()
        self.cluster.sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def stack(cluster, tmp_path):
    stack = Stack(cluster, tmp_path)
    try:
        yield stack
    finally:
        stack.close()


def eventually(predicate, timeout, what, stack):
    try:
        harness.wait_for(predicate, timeout, what)
    except TimeoutError:
        pytest.fail(f"{what}: not within {timeout} s\n{stack.logs()}", pytrace=False)


def submit(port, row):
    return (row["id"], *request(port, "POST", f"/api/v1/applications/{row['id']}/submit/", row["token"], timeout=30,
                                request_id=f"submit-{row['id']:08d}"))


def json_lines(process):
    lines = []
    for line in process.log().splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


def test_a_worker_killed_while_sending_mail_leaves_every_mail_sent_once(stack):
    """The 16th message is held at RCPT while the worker is SIGKILLed; a new worker finishes the rest after the
    lease runs out: 40 recipients, 40 messages, each with its outbox Message-ID."""
    held = threading.Event()

    def on_rcpt(received):
        if received == 15 and not held.is_set():
            held.set()
            return 3.0
        return 0.02

    sink = harness.SmtpSink(on_rcpt).start()
    try:
        env = stack.env(EMAIL_URL=sink.email_url, OUTBOX_LEASE_SECONDS=4, OUTBOX_SWEEP_SECONDS=1)
        emails = stack.data(env, "seed-mail", "--drafts", "40", "--tag", "K")["emails"]
        first = stack.keep(harness.celery_worker(env, stack.folder, name="worker1"))
        eventually(held.is_set, 40, "the worker to start sending", stack)
        first.kill()
        assert len(sink.messages) == 15
        stack.keep(harness.celery_worker(env, stack.folder, name="worker2", beat=True,
                                         schedule=stack.folder / "beat-schedule"))
        eventually(lambda: len(sink.messages) >= 40, 45, "every e-mail", stack)
        time.sleep(2)  # a duplicate, if any, would arrive now (sweeps run every second)
    finally:
        sink.stop()
    assert sink.per_recipient() == {email: 1 for email in emails}
    message_ids = {message_id for _recipient, message_id, _subject in sink.messages}
    assert len(message_ids) == 40 and all(m.startswith("<outbox-") for m in message_ids)
    check = stack.data(env, "check", "--competitions", "0")
    assert check["outbox"] == {"sent": 40}


def test_redis_stopped_during_a_burst_loses_no_submission_and_no_mail(stack):
    sink = harness.SmtpSink().start()
    try:
        env = stack.env(EMAIL_URL=sink.email_url, OUTBOX_SWEEP_SECONDS=1)
        data = stack.data(env, "seed", "--drafts", "30", "--late", "0", "--tag", "B")
        web = stack.keep(harness.gunicorn(env, stack.folder, workers=2))
        worker = stack.keep(harness.celery_worker(env, stack.folder, beat=True,
                                                  schedule=stack.folder / "beat-schedule"))
        port = urlsplit(web.url).port
        answered = []

        def work(row):
            if len(answered) == 10 and stack.redis.process.alive():
                stack.redis.stop()  # mid-burst: the broker is gone for the remaining submissions
            outcome = submit(port, row)
            answered.append(outcome)
            return outcome

        results, _wall = run_clients(4, data["drafts"], work)
        assert not stack.redis.process.alive()
        assert sorted(status for _id, status, _body, _s in results) == [200] * 30
        assert max(seconds for *_rest, seconds in results) < 10
        while_down = stack.data(env, "check", "--competitions", ",".join(map(str, data["competitions"])))
        assert while_down["outbox"].get("pending", 0) >= 1  # receipts of submissions made while Redis was down
        stack.redis.start()
        eventually(lambda: len(sink.messages) >= 30, 50, "every receipt after Redis returned", stack)
        time.sleep(2)
    finally:
        sink.stop()
    assert sink.per_recipient() == {row["email"]: 1 for row in data["drafts"]}
    check = stack.data(env, "check", "--competitions", ",".join(map(str, data["competitions"])))
    # 30 receipt e-mails and 30 receipt PDF jobs (the worker renders each submission's receipt once)
    assert check["by_status"] == {"submitted": 30} and check["outbox"] == {"sent": 60}
    # Each receipt's log line in the worker carries the request id of the submission that caused it, and the
    # dispatch tasks kicked by the first submissions carry theirs in the message headers.
    worker_lines = json_lines(worker)
    sent_ids = {line["request_id"] for line in worker_lines if line.get("message") == "outbox.sent"}
    assert sent_ids == {f"submit-{row['id']:08d}" for row in data["drafts"]}
    traced = {line["request_id"] for line in worker_lines if line.get("logger") == "celery.app.trace"}
    assert traced & {f"submit-{row['id']:08d}" for row in data["drafts"][:10]}
    assert (check["duplicate_numbers"], check["duplicate_submit_events"], check["audit_chain_ok"]) == (0, 0, True)


def test_postgres_restarted_during_a_burst_answers_503_then_recovers(stack):
    env = stack.env(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", CONN_MAX_AGE=60,
                    OUTBOX_SWEEP_SECONDS=1)
    data = stack.data(env, "seed", "--drafts", "40", "--late", "0", "--tag", "P")
    web = stack.keep(harness.gunicorn(env, stack.folder, workers=2))
    stack.keep(harness.celery_worker(env, stack.folder, beat=True, schedule=stack.folder / "beat-schedule"))
    port = urlsplit(web.url).port
    web_pid = web.pid
    unavailable, others, done = [], [], []
    outage = threading.Thread(target=lambda: (stack.cluster.stop("fast"), time.sleep(3), stack.cluster.start()))

    def work(row):
        if len(done) == 8 and not outage.is_alive() and outage.ident is None:
            outage.start()
        for _attempt in range(60):
            outcome = submit(port, row)
            status = outcome[1]
            if status != 503:
                others.append(outcome)
                done.append(row["id"])
                return outcome
            unavailable.append(outcome)
            time.sleep(0.5)  # a client honours Retry-After (shortened here)
        return outcome

    def browse():
        while len(done) < len(data["drafts"]):
            status, body, seconds = request(port, "GET", "/competitions/", data["drafts"][0]["token"])
            (unavailable if status == 503 else others).append((None, status, body, seconds))
            time.sleep(0.05)

    reader = threading.Thread(target=browse)
    reader.start()
    results, _wall = run_clients(6, data["drafts"], work)
    reader.join(timeout=30)
    outage.join(timeout=60)
    assert [status for _id, status, *_ in results] == [200] * 40
    assert not [o for o in others if o[1] >= 500], "no 500 (nor other 5xx) during the restart"
    assert unavailable, "the burst should have met the outage"
    for _id, _status, body, seconds in unavailable:
        assert seconds < 8, "a 503 comes fast"
        text = body.decode()
        assert ('"code":"service_unavailable"' in text.replace(" ", "")) or 'http-equiv="refresh"' in text
        assert "Traceback" not in text
    assert web.alive() and web.pid == web_pid, "the portal recovered without a restart of its own"
    status, body, _seconds = request(port, "GET", "/readyz", data["drafts"][0]["token"])
    assert status == 200, body
    check = stack.data(env, "check", "--competitions", ",".join(map(str, data["competitions"])))
    assert check["by_status"] == {"submitted": 40} and check["half_written"] == 0
    assert (check["duplicate_numbers"], check["duplicate_submit_events"], check["submitted_without_event"]) == (0, 0, 0)
    assert (check["missing_receipts"], check["duplicate_receipts"], check["audit_chain_ok"]) == (0, 0, True)


def test_two_beat_processes_close_each_deadline_once(stack):
    env = stack.env(CLOSE_DUE_SECONDS=1, OUTBOX_SWEEP_SECONDS=1,
                    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    data = stack.data(env, "seed-due", "--competitions", "12", "--closes-in", "6", "--tag", "D")
    ids = ",".join(map(str, data["competitions"]))
    worker = stack.keep(harness.celery_worker(env, stack.folder, pool="threads", concurrency=4))
    beats = [stack.keep(harness.celery_beat(env, stack.folder, name=f"beat{n}")) for n in (1, 2)]

    def all_closed():
        return set(stack.data(env, "check", "--competitions", ids)["competition_status"].values()) == {"closed"}

    eventually(all_closed, 40, "every competition to close", stack)
    time.sleep(3)  # both beats keep sending the task; nothing may close twice
    check = stack.data(env, "check", "--competitions", ids)
    assert check["closed"] == {str(c): 1 for c in data["competitions"]}
    assert check["audit_chain_ok"]
    for beat in beats:
        assert beat.log().count("Sending due task close-due-competitions") >= 3
    assert worker.log().count("competitions.close_due_competitions") >= 6


REPORT_DATA = "tests/integration/report_data.py"


def test_a_worker_killed_while_rendering_a_report_leaves_it_finished_once(stack):
    """The worker is SIGKILLed in the middle of a PDF (each progress step is slowed by the test-only
    ``REPORT_TEST_STEP_SECONDS``); its lease lapses, the sweeper of a new worker queues the report again, and the
    new worker finishes it: one stored file, one "report.generated" event, the file's SHA-256 as recorded."""
    env = stack.env(REPORT_LEASE_SECONDS=8, REPORT_SWEEP_SECONDS=1, OUTBOX_SWEEP_SECONDS=1,
                    REPORT_TEST_STEP_SECONDS=1.5, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    report = json.loads(harness.python(env, REPORT_DATA, "seed"))["report"]

    def state():
        row = stack.cluster.sql(f"SELECT status, progress FROM scoring_report WHERE id = {report}",
                                database=stack.database)
        status, progress = row.split("|")
        return status, int(progress)

    first = stack.keep(harness.celery_worker(env, stack.folder, name="worker1", beat=True,
                                             schedule=stack.folder / "beat1-schedule"))
    eventually(lambda: state()[0] == "running" and state()[1] >= 10, 90, "the PDF to be half rendered", stack)
    first.kill()
    killed = json.loads(harness.python(env, REPORT_DATA, "check", "--report", str(report)))
    assert (killed["status"], killed["files"], killed["generated_events"]) == ("running", [], 0)

    second = stack.keep(harness.celery_worker(env, stack.folder, name="worker2", beat=True,
                                              schedule=stack.folder / "beat2-schedule"))
    eventually(lambda: state()[0] == "done", 120, "the report to be finished by the new worker", stack)
    time.sleep(3)  # a second render, if any, would store a second file now (sweeps run every second)
    final = json.loads(harness.python(env, REPORT_DATA, "check", "--report", str(report)))
    assert final["status"] == "done" and final["progress"] == 100 and final["error"] == ""
    assert len(final["files"]) == 1, final["files"]
    assert final["is_pdf"] and final["sha256_matches"]
    assert (final["generated_events"], final["requeued_events"], final["attempts"]) == (1, 1, 2)
    assert final["jobs"] == ["sent", "sent"]  # the first request's job and the sweeper's
    assert final["audit_chain_ok"]
    assert "scoring.sweep_reports" in second.log()
