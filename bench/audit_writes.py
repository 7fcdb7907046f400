"""Benchmark of concurrent audited writes on PostgreSQL: the lock-free ``audit.record`` beside the former
design (every writer locks the one chain-head row until it commits).

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/audit_writes.py``
(the script creates and finally drops its own database, ``portal_bench_audit`` or the name in BENCH_DB).

Each of THREADS threads (16) runs TRANSACTIONS (25) transactions, each on its own competition's scope: an
audit event plus ``pg_sleep(WORK_MS)`` standing for the rest of a submission's work inside the same
transaction (snapshot, saves, notifications). A sealer thread runs ``audit_seal`` every 0.5 s meanwhile.
Prints one JSON line per mode: ``{"name", "transactions_per_second", "p50_ms", "p99_ms", ...}``; the
chain is verified after each mode.
"""

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DB", "portal_bench_audit")

from ranking import BENCH_DB, admin_sql, bench_url, django_setup  # noqa: E402 - after sys.path

THREADS, TRANSACTIONS, WORK_MS = 16, 25, 20


def run_mode(name, *, global_lock):
    from django.db import connection, transaction

    from portal import audit
    from portal.audit.models import AuditChainHead
    from portal.audit.services import audit_seal, verify_chain

    AuditChainHead.objects.get_or_create(pk=1)
    latencies, errors, done = [], [], threading.Event()

    def writer(index):
        try:
            for number in range(TRANSACTIONS):
                started = time.perf_counter()
                with transaction.atomic():
                    if global_lock:  # the former design: one row locked by every writer until commit
                        list(AuditChainHead.objects.select_for_update().filter(pk=1))
                    audit.record(actor=None, action="bench.write", competition_id=index + 1,
                                 after={"n": number}, label=f"writer {index}")
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(%s)", [WORK_MS / 1000])
                latencies.append(time.perf_counter() - started)
        except Exception as error:  # noqa: BLE001 - reported in the output
            errors.append(repr(error))
        finally:
            connection.close()

    def sealer():
        while not done.wait(0.5):
            audit_seal()
        connection.close()

    seal_thread = threading.Thread(target=sealer)
    seal_thread.start()
    threads = [threading.Thread(target=writer, args=(index,)) for index in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done.set()
    seal_thread.join()
    result = verify_chain()
    ordered = sorted(latencies)
    return {"name": name, "threads": THREADS, "transactions": len(latencies), "work_ms": WORK_MS,
            "seconds": round(elapsed, 2), "transactions_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1),
            "chain_ok": result.ok, "chain_events": result.checked, "errors": errors[:3]}


def main():
    bench_url()
    admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_sql(f"CREATE DATABASE {BENCH_DB}")
    try:
        django_setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        for name, global_lock in (("audit_writes_lock_free", False), ("audit_writes_global_lock", True)):
            print(json.dumps(run_mode(name, global_lock=global_lock)), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
