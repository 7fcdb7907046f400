"""The deadline rush: complete drafts submitted by concurrent clients in the last minute, against a real gunicorn
and a real Celery worker (with beat) on PostgreSQL and Redis.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/rush.py`` (the server of
DATABASE_URL is used; the bench creates and finally drops its own database, ``portal_bench`` or BENCH_DB). Redis: a
redis-server of its own on a free port when ``redis-server`` is installed, else CELERY_BROKER_URL. Quick mode:
``--drafts 200 --clients 16``; ``--competitions 10`` spreads the drafts over 10 competitions.

Phases, all from the same client threads (each signed in with its own NGO's API token):
1. floor: the cheapest signed-in read, ``GET /api/v1/regions/``, as many requests as there are drafts;
2. rush: every draft submitted once (``POST /api/v1/applications/<id>/submit/``), the deadline still ahead;
3. late: the deadline is moved to one second ahead, passes, and the late drafts are submitted: all must be refused.
Then the outbox is left to drain (every receipt e-mail sent) and the database is checked.

Prints one JSON line: submits/s, p50 and p99 (ms) beside the floor's requests/s, p50 and p99, their ratios and the
targets (submits/s >= 0.5x the floor into one competition, 0.7x over ten; p99 <= 3x the floor's), accepted, late
accepted, 5xx, duplicates (registration numbers, submit events, receipts or e-mails), lost (accepted but not
stored, or never accepted), the CPU milliseconds one floor read and one submission cost the web server, the
worker, PostgreSQL and the clients (where the time goes), and ``ok``. Load goes to 127.0.0.1 only; every request
times out after 60 s and each phase after 15 minutes.
"""

import argparse
import http.client
import json
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "portal_bench")
PHASE_TIMEOUT = 900


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def request(port, method, path, token, timeout=60, request_id=None):
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json", "Content-Length": "0"}
    if request_id:
        headers["X-Request-ID"] = request_id
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        status = response.status
    except OSError as exc:
        status, body = 0, repr(exc).encode()
    finally:
        connection.close()
    return status, body, time.perf_counter() - began


def run_clients(clients, jobs, work):
    """``work(job)`` for every job, from ``clients`` threads; returns (results, wall seconds)."""
    pending = queue.Queue()
    for job in jobs:
        pending.put(job)
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + PHASE_TIMEOUT

    def client():
        while time.monotonic() < deadline:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            outcome = work(job)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def cpu_split(processes, database):
    """CPU seconds so far of the web server, the Celery worker, the PostgreSQL backends serving the bench database
    and this client process."""
    groups = {p.name: p.pid for p in processes}
    return {
        "web": harness.cpu_seconds(lambda pid, pgid, cmd: pgid == groups.get("gunicorn")),
        "worker": harness.cpu_seconds(lambda pid, pgid, cmd: pgid == groups.get("worker")),
        "postgres": harness.cpu_seconds(lambda pid, pgid, cmd: cmd.startswith("postgres: ") and f" {database} " in cmd),
        "clients": harness.cpu_seconds(lambda pid, pgid, cmd: pid == os.getpid()),
    }


def server_urls():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DB)), urlunsplit(parts._replace(path="/postgres"))


def admin_sql(admin_url, statement):
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def main():  # noqa: PLR0915 - one linear script: set up, three phases, check, tear down
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--late", type=int, default=20)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--competitions", type=int, default=1)
    parser.add_argument("--web-workers", type=int, default=4)
    args = parser.parse_args()

    bench_url, admin_url = server_urls()
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin_sql(admin_url, f'CREATE DATABASE "{BENCH_DB}"')
    folder = Path(tempfile.mkdtemp(prefix="rush-"))
    processes, redis = [], None
    try:
        if harness.shutil.which("redis-server"):
            redis = harness.Redis(folder).start()
            broker = redis.url
        else:
            broker = os.environ["CELERY_BROKER_URL"]
        env = harness.portal_env(database_url=bench_url, broker_url=broker, MEDIA_ROOT=folder / "media",
                                 EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", LOG_LEVEL="WARNING",
                                 CONN_MAX_AGE=60, OUTBOX_SWEEP_SECONDS=2, CELERY_DATA_DIR=folder / "celery")
        harness.manage(env, "migrate", "--noinput", "-v", "0")
        data = json.loads(harness.python(env, "bench/rush_data.py", "seed", "--drafts", str(args.drafts), "--late",
                                         str(args.late), "--competitions", str(args.competitions),
                                         "--closes-in", "3600"))
        worker = harness.celery_worker(env, folder, beat=True)
        processes.append(worker)
        web = harness.gunicorn(env, folder, workers=args.web_workers)
        processes.append(web)
        port = urlsplit(web.url).port
        drafts, late = data["drafts"], data["late"]
        tokens = [row["token"] for row in drafts]

        # Warm-up: every gunicorn worker imports and connects once.
        run_clients(args.clients, tokens[: args.clients * 2],
                    lambda token: request(port, "GET", "/api/v1/regions/", token))
        cpu_floor_began = cpu_split(processes, BENCH_DB)
        floor, floor_wall = run_clients(args.clients, tokens,
                                        lambda token: request(port, "GET", "/api/v1/regions/", token))
        cpu_rush_began = cpu_split(processes, BENCH_DB)
        rush, rush_wall = run_clients(args.clients, drafts, lambda row: (row["id"], *request(
            port, "POST", f"/api/v1/applications/{row['id']}/submit/", row["token"])))
        cpu_rush_ended = cpu_split(processes, BENCH_DB)
        admin_sql(bench_url, "UPDATE competitions_competition SET closes_at = now() + interval '1 second' "
                             f"WHERE id IN ({','.join(str(c) for c in data['competitions'])})")
        time.sleep(1.5)
        late_results, _ = run_clients(args.clients, late, lambda row: (row["id"], *request(
            port, "POST", f"/api/v1/applications/{row['id']}/submit/", row["token"])))

        drain_began = time.monotonic()
        ids = ",".join(str(c) for c in data["competitions"])
        check = json.loads(harness.python(env, "bench/rush_data.py", "check", "--competitions", ids))
        while check["outbox"].get("pending", 0) + check["outbox"].get("sending", 0) and \
                time.monotonic() - drain_began < 180:
            time.sleep(2)
            check = json.loads(harness.python(env, "bench/rush_data.py", "check", "--competitions", ids))
        drain_seconds = round(time.monotonic() - drain_began, 1)

        floor_ok = [seconds for status, _body, seconds in floor if status == 200]
        accepted = {app_id for app_id, status, _body, _s in rush if status == 200}
        submit_seconds = [seconds for _id, status, _body, seconds in rush if status == 200]
        stored = set(check["submitted_ids"])
        late_ids = {row["id"] for row in late}
        floor_rps = len(floor_ok) / floor_wall
        submits_per_s = len(accepted) / rush_wall
        p99_floor, p99_submit = percentile(floor_ok, 0.99), percentile(submit_seconds, 0.99)
        duplicates = (check["duplicate_numbers"] + check["duplicate_submit_events"] + check["duplicate_receipts"]
                      + check["duplicate_receipt_mails"])
        lost = len(accepted - stored) + (len(drafts) - len(accepted)) + check["missing_receipts"] + \
            check["missing_receipt_mails"] + check["half_written"]
        late_accepted = len(late_ids & stored) + sum(1 for _id, status, *_ in late_results if status == 200)
        errors_5xx = sum(1 for status, *_ in floor if status >= 500) + sum(1 for _i, s, *_ in rush if s >= 500) + \
            sum(1 for _i, s, *_ in late_results if s >= 500)
        target_rate = 0.5 if args.competitions == 1 else 0.7
        result = {
            "name": f"rush_{args.competitions}x{args.drafts}", "competitions": args.competitions,
            "drafts": args.drafts, "late": args.late, "clients": args.clients, "web_workers": args.web_workers,
            "submits_per_s": round(submits_per_s, 1), "submit_p50_ms": round(percentile(submit_seconds, 0.5) * 1000),
            "submit_p99_ms": round(p99_submit * 1000),
            "floor_rps": round(floor_rps, 1), "floor_p50_ms": round(percentile(floor_ok, 0.5) * 1000),
            "floor_p99_ms": round(p99_floor * 1000),
            "rate_ratio": round(submits_per_s / floor_rps, 2), "p99_ratio": round(p99_submit / p99_floor, 2),
            "target_rate_ratio": target_rate, "target_p99_ratio": 3.0,
            "accepted": len(accepted), "late_accepted": late_accepted,
            "late_refused": sum(1 for _id, status, *_ in late_results if status == 400),
            "errors_5xx": errors_5xx, "duplicates": duplicates, "lost": lost,
            "outbox": check["outbox"], "outbox_drain_s": drain_seconds, "audit_chain_ok": check["audit_chain_ok"],
            # CPU milliseconds per request in each phase, by who used them (web, worker, PostgreSQL, clients).
            "floor_cpu_ms_per_request": {key: round((cpu_rush_began[key] - cpu_floor_began[key]) * 1000 / len(floor))
                                         for key in cpu_floor_began},
            "submit_cpu_ms_per_request": {key: round((cpu_rush_ended[key] - cpu_rush_began[key]) * 1000 / len(rush))
                                          for key in cpu_rush_began},
        }
        result["ok"] = (result["rate_ratio"] >= target_rate and result["p99_ratio"] <= 3.0 and lost == 0
                        and late_accepted == 0 and duplicates == 0 and errors_5xx == 0 and check["audit_chain_ok"])
        print(json.dumps(result), flush=True)
        return 0 if result["ok"] else 1
    finally:
        for process in reversed(processes):
            process.stop()
        if redis is not None:
            redis.stop()
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        harness.shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
