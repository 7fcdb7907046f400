"""Benchmark of the portfolio dashboard and the public project list, on PostgreSQL.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/portfolio.py``
(the server of DATABASE_URL is used; the script creates and finally drops its own database,
``portal_bench_portfolio`` or the name in BENCH_DB).

Data (bulk-created, not timed): one body with 5,000 projects in 20 competitions (4 reporting periods and reports
each: 20,000 reports; 2 tranches each, one paid) and a small body with 10 projects built the same way.

Cases, each the view function called with a request from ``RequestFactory`` (templates rendered, no middleware),
``REQUESTS`` times after a warm-up, beside a bare floor called the same way: a plain view running ONE indexed query
for the rows the page lists and returning them as text.
* ``portfolio_dashboard_5000``: ``/projects/portfolio/`` of the big body; the floor selects the overdue reports it
  lists (50 rows, joined with project and organisation).
* ``public_project_list_5000``: ``/projects/public/`` (first page); the floor selects the same 25 projects.
Each prints ``{"name", "ms_per_request", "p99_ms", "baseline_ms", "ratio", "queries", "queries_small", ...}``:
``queries`` for the big body, ``queries_small`` for the small one (constant: they are equal). Target: ratio <= 2.
"""

import json
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DB", "portal_bench_portfolio")
PROJECTS, SMALL, COMPETITIONS, REQUESTS = 5000, 10, 20, 30


def bench_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/portal")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DB)), urlunsplit(parts._replace(path="/postgres"))


def admin_sql(statement):
    import psycopg2

    conn = psycopg2.connect(bench_url()[1])
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def django_setup():
    os.environ["DATABASE_URL"] = bench_url()[0]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()


def build(seed, projects, competitions):
    """A body with ``projects`` projects in progress; returns the body."""
    from django.db import transaction
    from django.utils import timezone

    from applications.enums import ApplicationStatus
    from applications.models import Application
    from competitions.models import Competition
    from portal.accounts.models import GovernmentBody, Organization
    from portal.reference.models import PriorityArea, Region
    from projects.enums import PeriodKind, ProjectStatus, ReportStatus, TrancheCondition, TrancheStatus
    from projects.models import ProgressReport, Project, ReportingPeriod, Tranche

    now = timezone.now()
    today = timezone.localdate()
    regions, areas = list(Region.objects.all()), list(PriorityArea.objects.all())
    with transaction.atomic():
        body = GovernmentBody.objects.create(name_ru=f"Управление {seed}", name_kk=f"Басқарма {seed}",
                                             short_code=f"bench-{seed}", bin=f"9{seed:011d}", region=regions[0])
        comps = [Competition.objects.create(
            reference=f"SZ-PF-{seed}-{i}", kind="state_grant", body=body, status="final", title_ru=f"Конкурс {i}",
            title_kk=f"Конкурс {i}", priority_area=areas[i % len(areas)], total_budget=Decimal("5000000000"),
            min_amount=Decimal("100000"), max_amount=Decimal("5000000"), opens_at=now - timedelta(days=400),
            closes_at=now - timedelta(days=370)) for i in range(competitions)]
        organizations = Organization.objects.bulk_create([
            Organization(name=f"ҚҰ «Ұйым {seed}-{i}»", bin=f"{seed % 90 + 10:02d}{i:010d}",
                         legal_form="public_association", region=regions[i % len(regions)],
                         registered_on=today - timedelta(days=900)) for i in range(projects // 2 + 1)],
            batch_size=2000)
        apps = Application.objects.bulk_create([
            Application(competition=comps[i % competitions], organization=organizations[i // 2],
                        status=ApplicationStatus.WINNER, registration_number=f"PF{seed}-{i:05d}",
                        title=f"Жоба № {i}", requested_amount=Decimal("2000000"), submitted_at=now)
            for i in range(projects)], batch_size=2000)
        rows = Project.objects.bulk_create([
            Project(application=a, competition_id=a.competition_id, organization_id=a.organization_id,
                    reference=f"P-{a.registration_number}", title=a.title, rank=1, snapshot={},
                    snapshot_sha256="0" * 64, years=[today.year], awarded_amount=Decimal("2000000"),
                    status=ProjectStatus.IN_PROGRESS, starts_on=today - timedelta(days=200),
                    ends_on=today + timedelta(days=160)) for a in apps], batch_size=2000)
        periods = ReportingPeriod.objects.bulk_create([
            ReportingPeriod(project=p, kind=PeriodKind.FINAL if n == 4 else PeriodKind.INTERIM, number=n,
                            year=today.year, starts_on=today - timedelta(days=200), ends_on=today,
                            due_on=today + timedelta(days=(n - 2) * 20 + (p.pk % 7)))
            for p in rows for n in range(1, 5)], batch_size=5000)
        ProgressReport.objects.bulk_create([
            ProgressReport(period=period, status=ReportStatus.ACCEPTED if period.number == 1 else
                           ReportStatus.NOT_STARTED, snapshot_sha256="0" * 64 if period.number == 1 else "")
            for period in periods], batch_size=5000)
        Tranche.objects.bulk_create([
            Tranche(project=p, number=n, year=today.year, amount=Decimal("1000000"),
                    condition=TrancheCondition.AGREEMENT_IN_FORCE,
                    status=TrancheStatus.PAID if n == 1 else TrancheStatus.DUE,
                    payment_order_number="PP" if n == 1 else "", payment_order_date=today if n == 1 else None)
            for p in rows for n in (1, 2)], batch_size=5000)
    return body


def measure(view, request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = view(request)  # warm: connection, templates, caches
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        view(request)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = view(request)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"ms": round(sum(timings) / len(timings), 2), "p99": round(timings[min(len(timings) - 1,
                                                                                   int(len(timings) * 0.99))], 2),
            "queries": len(queries)}


def floor_dashboard(body_id):
    from django.http import HttpResponse
    from django.utils import timezone

    from projects.models import ProgressReport

    def view(request):
        rows = (ProgressReport.objects.filter(period__project__competition__body_id=body_id,
                                              status__in=["not_started", "draft", "returned"],
                                              period__due_on__lt=timezone.localdate())
                .order_by("period__due_on", "pk")
                .values_list("period__project__reference", "period__project__organization__name",
                             "period__due_on", "status")[:50])
        return HttpResponse("\n".join(" ".join(map(str, row)) for row in rows))
    return view


def floor_public(request):
    from django.http import HttpResponse

    from projects.models import Project

    rows = (Project.objects.exclude(status__in=["declined", "cancelled"]).order_by("-created_at", "-id")
            .values_list("reference", "title", "organization__name", "competition__reference", "awarded_amount",
                         "status")[:25])
    return HttpResponse("\n".join(" ".join(map(str, row)) for row in rows))


def main():
    bench_url()
    keep = os.environ.get("BENCH_KEEP") == "1"  # keep the database afterwards (to profile the pages)
    admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_sql(f"CREATE DATABASE {BENCH_DB}")
    try:
        django_setup()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import AnonymousUser
        from django.core.management import call_command
        from django.db import connection
        from django.test import RequestFactory

        from portal.accounts.models import OfficialMembership
        from projects import views, views_portfolio

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        big, small = build(1, PROJECTS, COMPETITIONS), build(2, SMALL, 2)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(json.dumps({"name": "setup", "seconds": round(time.perf_counter() - started, 1)}), file=sys.stderr)
        users = {}
        for key, body in (("big", big), ("small", small)):
            users[key] = get_user_model().objects.create(email=f"bench-{key}@bench.kz")
            OfficialMembership.objects.create(user=users[key], body=body)
        factory = RequestFactory()

        def request(path, user):
            req = factory.get(path)
            req.user = user
            return req

        ours = measure(views_portfolio.portfolio_page, request("/projects/portfolio/", users["big"]))
        ours_small = measure(views_portfolio.portfolio_page, request("/projects/portfolio/", users["small"]))
        floor = measure(floor_dashboard(big.pk), request("/floor/", users["big"]))
        print(json.dumps({"name": "portfolio_dashboard_5000", "ms_per_request": ours["ms"], "p99_ms": ours["p99"],
                          "baseline_ms": floor["ms"], "ratio": round(ours["ms"] / floor["ms"], 2),
                          "queries": ours["queries"], "queries_small": ours_small["queries"],
                          "baseline_queries": floor["queries"], "requests": REQUESTS, "target_ratio": 2}),
              flush=True)
        anonymous = AnonymousUser()
        ours = measure(views.public_list, request("/projects/public/", anonymous))
        floor = measure(floor_public, request("/floor/", anonymous))
        print(json.dumps({"name": "public_project_list_5000", "ms_per_request": ours["ms"], "p99_ms": ours["p99"],
                          "baseline_ms": floor["ms"], "ratio": round(ours["ms"] / floor["ms"], 2),
                          "queries": ours["queries"], "baseline_queries": floor["queries"], "requests": REQUESTS,
                          "target_ratio": 2}), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
