"""The pages people read most, at national scale: 1,000 competitions, 50,000 applications, 500 experts on PostgreSQL,
served by a real gunicorn, each measured beside its floor in the same run.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pages.py`` (the server of
DATABASE_URL is used; the bench creates and finally drops its own database, ``portal_bench_pages`` or BENCH_DB).
Quick mode: ``--requests 50``.

For each target (a page as its reader sees it, signed in with a session cookie, or an API list with a token) and its
floor (a bare view of bench/pages_urls.py answering the same rows from one indexed query, served by the same
gunicorn), ``--requests`` GETs from ``--clients`` concurrent connections after a warm-up. Prints one JSON line per
target: requests/s, p50 and p99 (ms) of the page and of its floor, their ratios, the targets (requests/s at least
0.5x the floor's, p99 at most 2x the floor's), non-200 answers and ``ok``; then a summary line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.rush import admin_sql, percentile, run_clients  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "portal_bench_pages")
RATE_TARGET, P99_TARGET = 0.5, 2.0


def targets(data):
    """(name, page path, who reads it, floor path)."""
    ref, cid, results = data["competition"], data["competition_id"], data["results"]
    search = f"q={quote('молодёжь')}&region={data['region']}"
    official_rows = f"/_floor/competitions/{cid}/applications/"
    return [
        ("competition_list", f"/competitions/?{search}", "anonymous", f"/_floor/competitions/?{search}"),
        ("competition_page", f"/competitions/{ref}/", "anonymous", f"/_floor/competitions/{ref}/"),
        ("ngo_applications", "/dashboard/", "ngo", f"/_floor/organizations/{data['ngo_organization']}/applications/"),
        ("official_table", f"/manage/applications/{ref}/", "official", official_rows),
        ("official_table_page_20", f"/manage/applications/{ref}/?page=20", "official", official_rows + "?page=20"),
        ("expert_assignments", "/review/", "expert", f"/_floor/experts/{data['expert_profile']}/assignments/"),
        ("public_results", f"/competitions/{results}/results/", "anonymous",
         f"/_floor/competitions/{data['results_id']}/applications/"),
        ("api_competitions", "/api/v1/competitions/?search=" + quote("молодёжь"), "anonymous",
         f"/_floor/competitions/?{search}"),
        ("api_applications_official", f"/api/v1/applications/?competition={cid}", "official@api", official_rows),
        ("api_applications_ngo", "/api/v1/applications/", "ngo@api",
         f"/_floor/organizations/{data['ngo_organization']}/applications/"),
        ("api_assignments_expert", "/api/v1/assignments/", "expert@api",
         f"/_floor/experts/{data['expert_profile']}/assignments/"),
    ]


def headers_for(reader, data):
    if reader == "anonymous":
        return {}
    if reader.endswith("@api"):
        return {"Authorization": f"Token {data['tokens'][reader.removesuffix('@api')]}", "Accept": "application/json"}
    return {"Cookie": f"sessionid={data['sessions'][reader]}"}


def get(port, path, headers):
    import http.client

    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Language": "ru", **headers})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - began


def measure(port, path, headers, *, clients, requests):
    run_clients(clients, range(clients * 2), lambda _job: get(port, path, headers))  # warm-up
    results, wall = run_clients(clients, range(requests), lambda _job: get(port, path, headers))
    ok = [seconds for status, seconds in results if status == 200]
    return {"rps": round(len(ok) / wall, 1), "p50_ms": round(percentile(ok, 0.5) * 1000) if ok else None,
            "p99_ms": round(percentile(ok, 0.99) * 1000) if ok else None,
            "not_200": sorted({status for status, _s in results if status != 200})}


def server_urls():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DB)), urlunsplit(parts._replace(path="/postgres"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--competitions", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=50000)
    parser.add_argument("--experts", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated target names")
    args = parser.parse_args()

    bench_url, admin_url = server_urls()
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    admin_sql(admin_url, f'CREATE DATABASE "{BENCH_DB}"')
    folder = Path(tempfile.mkdtemp(prefix="pages-"))
    web = None
    try:
        env = harness.portal_env(database_url=bench_url, broker_url="filesystem://localhost//",
                                 MEDIA_ROOT=folder / "media", CELERY_DATA_DIR=folder / "celery", LOG_LEVEL="WARNING",
                                 CONN_MAX_AGE=60, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        began = time.monotonic()
        harness.manage(env, "migrate", "--noinput", "-v", "0", timeout=900)
        data = json.loads(harness.python(env, "bench/pages_data.py", "seed", "--competitions", str(args.competitions),
                                         "--applications", str(args.applications), "--experts", str(args.experts),
                                         timeout=1800))
        seeded_s = round(time.monotonic() - began)
        port = harness.free_port()
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(args.web_workers), "--timeout", "120"]
        web = harness.Process("gunicorn", command, env={**env, "DJANGO_SETTINGS_MODULE": "bench.pages_settings"},
                              log_dir=folder).start()
        # A loaded machine can take minutes to import the portal in every worker.
        harness.wait_for(lambda: get(port, "/healthz", {})[0] == 200, 600, "gunicorn", web.process)
        only = set(filter(None, args.only.split(",")))
        lines = []
        for name, path, reader, floor_path in targets(data):
            if only and name not in only:
                continue
            headers = headers_for(reader, data)
            floor = measure(port, floor_path, {}, clients=args.clients, requests=args.requests)
            page = measure(port, path, headers, clients=args.clients, requests=args.requests)
            rate_ratio = round(page["rps"] / floor["rps"], 2) if floor["rps"] else None
            p99_ratio = round(page["p99_ms"] / floor["p99_ms"], 2) if page["p99_ms"] and floor["p99_ms"] else None
            line = {"name": f"pages_{name}", "path": path, "reader": reader, "clients": args.clients,
                    "requests": args.requests, **{f"page_{k}": v for k, v in page.items()},
                    **{f"floor_{k}": v for k, v in floor.items()}, "rate_ratio": rate_ratio, "p99_ratio": p99_ratio,
                    "target_rate_ratio": RATE_TARGET, "target_p99_ratio": P99_TARGET}
            line["ok"] = bool(not page["not_200"] and rate_ratio is not None and rate_ratio >= RATE_TARGET
                              and p99_ratio is not None and p99_ratio <= P99_TARGET)
            print(json.dumps(line), flush=True)
            lines.append(line)
        summary = {"name": "pages", "counts": data["counts"], "seed_s": seeded_s, "web_workers": args.web_workers,
                   "missed": [line["name"] for line in lines if not line["ok"]],
                   "ok": all(line["ok"] for line in lines)}
        print(json.dumps(summary), flush=True)
        return 0 if summary["ok"] else 1
    finally:
        if web is not None:
            web.stop()
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        harness.shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
