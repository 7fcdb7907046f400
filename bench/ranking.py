"""Benchmark of the ranking computation and of the ranking report PDF, on PostgreSQL.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/ranking.py``
(the server of DATABASE_URL is used; the script creates and finally drops its own database, ``portal_bench`` or
the name in BENCH_DB).
Prints one JSON line per case: ``{"name", "seconds", "baseline_seconds", "ratio", "peak_rss_mib", ...}``.

Cases
* ``ranking_10000x3x10``: ``scoring.ranking.compute_ranking`` on a competition with 10,000 admitted
  applications x 3 submitted evaluations x 10 criteria (300,000 criterion scores, bulk-created, not timed),
  beside ONE plain SQL query fetching the same scores (the floor). Target: at most 2 s.
* ``ranking_pdf_1000``: ``scoring.reports.render_pdf_bytes`` of a frozen snapshot of 1,000 applications
  (3 x 10), seconds and peak RSS of the render process, beside WeasyPrint rendering a bare 1,000-row table
  of the same columns (same data, default styles, one document) in its own process; ``peak_rss_mib`` and
  ``baseline_peak_rss_mib`` are the peak RSS of those two processes. Targets: at most 15 s, 350 MiB, ratio
  at most 1.5.
Each measurement runs in its own subprocess so that the peak RSS figures are its own.
"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DB", "portal_bench")
CRITERIA = 10
EXPERTS_PER_APPLICATION = 3


def peak_rss_mib():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/portal")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DB)), urlunsplit(parts._replace(path="/postgres"))


def admin_sql(statement):
    import psycopg2  # in the measuring subprocess, after its setup

    _url, admin = bench_url()
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def django_setup():
    os.environ["DATABASE_URL"] = bench_url()[0]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django  # in the measuring subprocess, after its setup

    django.setup()


# ------------------------------------------------------------------------------------------------ data

def build(applications, seed):
    """One competition under review with ``applications`` x 3 x 10 submitted scores; returns its id."""
    from datetime import timedelta  # in the measuring subprocess, after its setup

    from django.db import transaction  # in the measuring subprocess, after its setup
    from django.utils import timezone  # in the measuring subprocess, after its setup

    from applications.enums import ApplicationStatus  # in the measuring subprocess, after its setup
    from applications.models import Application  # in the measuring subprocess, after its setup
    from competitions.enums import CompetitionStatus  # in the measuring subprocess, after its setup
    from competitions.models import Competition  # in the measuring subprocess, after its setup
    from portal.accounts.models import ExpertProfile, GovernmentBody, Organization, User
    from portal.reference.models import PriorityArea, Region  # in the measuring subprocess, after its setup
    from scoring.calc.totals import weighted_total  # in the measuring subprocess, after its setup
    from scoring.enums import AssignmentStatus  # in the measuring subprocess, after its setup
    from scoring.models import Assignment, Criterion, CriterionScore, Evaluation, Rubric

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        region = Region.objects.first()
        body = GovernmentBody.objects.create(name_ru=f"Управление {seed}", name_kk=f"Басқарма {seed}",
                                             short_code=f"bench-{seed}", bin=f"9{seed:011d}", region=region)
        competition = Competition.objects.create(
            reference=f"SZ-BENCH-{seed}", kind="state_grant", body=body, status=CompetitionStatus.UNDER_REVIEW,
            title_ru="Конкурс для замера", title_kk="Өлшеу конкурсы әғқңөұүһі",
            priority_area=PriorityArea.objects.first(), total_budget=Decimal("5000000000"),
            min_amount=Decimal("100000"), max_amount=Decimal("5000000"), opens_at=now - timedelta(days=40),
            closes_at=now - timedelta(days=20), experts_per_application=EXPERTS_PER_APPLICATION,
            pass_threshold=Decimal("40"), tie_breaks=["criterion:1", "criterion:2", "earlier_submission"])
        rubric = Rubric.objects.create(name="Bench rubric", competition=competition)
        criteria = Criterion.objects.bulk_create([
            Criterion(rubric=rubric, order=i + 1, title=f"Өлшемшарт {i + 1}", weight=Decimal("1"),
                      max_score=Decimal("10"), min_score=Decimal("0"), step=Decimal("1"))
            for i in range(CRITERIA)])
        users = User.objects.bulk_create([User(email=f"expert{seed}-{i}@bench.kz", full_name=f"Expert {i}")
                                          for i in range(300)])
        experts = ExpertProfile.objects.bulk_create([ExpertProfile(user=u) for u in users])
        organizations = Organization.objects.bulk_create([
            Organization(name=f"ҚҰ «Ұйым {i}»", bin=f"{seed % 90 + 10:02d}{i:010d}", legal_form="public_association",
                         region=region, registered_on=now.date() - timedelta(days=900))
            for i in range(applications)], batch_size=2000)
        apps = Application.objects.bulk_create([
            Application(competition=competition, organization=o, status=ApplicationStatus.ADMITTED,
                        registration_number=f"{competition.reference}-{i + 1:05d}",
                        title=f"Жоба «Жастар» № {i + 1} — проект для молодёжи",
                        requested_amount=Decimal(rng.randint(10, 50) * 100000),
                        submitted_at=now - timedelta(days=25, seconds=i))
            for i, o in enumerate(organizations)], batch_size=2000)
        assignments = Assignment.objects.bulk_create([
            Assignment(application=a, expert=experts[(index * 7 + k * 101) % len(experts)],
                       status=AssignmentStatus.SUBMITTED)
            for index, a in enumerate(apps) for k in range(EXPERTS_PER_APPLICATION)], batch_size=5000)
        values = {a.pk: [Decimal(rng.randint(2, 10)) for _ in criteria] for a in assignments}
        evaluations = Evaluation.objects.bulk_create([
            Evaluation(assignment=a, submitted_at=now,
                       total=weighted_total({c.pk: v for c, v in zip(criteria, values[a.pk], strict=True)}, criteria))
            for a in assignments], batch_size=5000)
        CriterionScore.objects.bulk_create([
            CriterionScore(evaluation=e, criterion=c, value=v)
            for e in evaluations for c, v in zip(criteria, values[e.assignment_id], strict=True)], batch_size=10000)
    return competition.pk


# ------------------------------------------------------------------------------------------ measurements

def part_setup():
    django_setup()
    from django.core.management import call_command  # in the measuring subprocess, after its setup

    call_command("migrate", verbosity=0)
    big = build(10000, seed=1)
    small = build(1000, seed=2)
    from django.db import connection  # in the measuring subprocess, after its setup

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after the bulk load, as autovacuum would do
    from django.contrib.auth import get_user_model  # in the measuring subprocess, after its setup

    from competitions.models import Competition  # in the measuring subprocess, after its setup
    from scoring.ranking.services import ranking_freeze  # in the measuring subprocess, after its setup

    actor = get_user_model().objects.create(email="bench-official@bench.kz")
    snapshot = ranking_freeze(competition=Competition.objects.get(pk=small), actor=actor,
                              divergence_note="Benchmark data: divergence accepted.")
    return {"big": big, "snapshot": snapshot.pk}


def part_ranking(competition_id):
    django_setup()
    from django.db import connection  # in the measuring subprocess, after its setup

    from competitions.models import Competition  # in the measuring subprocess, after its setup
    from scoring.ranking.compute import compute_ranking  # in the measuring subprocess, after its setup

    competition = Competition.objects.get(pk=competition_id)
    compute_ranking(competition)  # warm: connection, imports
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        ranking = compute_ranking(competition)
        timings.append(time.perf_counter() - started)
    floor = []
    sql = ("SELECT a.application_id, e.assignment_id, a.expert_id, s.criterion_id, s.value "
           "FROM scoring_criterionscore s JOIN scoring_evaluation e ON e.id = s.evaluation_id "
           "JOIN scoring_assignment a ON a.id = e.assignment_id "
           "JOIN applications_application p ON p.id = a.application_id "
           "WHERE p.competition_id = %s AND a.status = 'submitted'")
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [competition_id])
            rows = cursor.fetchall()
        floor.append(time.perf_counter() - started)
    return {"seconds": round(min(timings), 3), "baseline_seconds": round(min(floor), 3),
            "ranked": len(ranking.rows), "scores_fetched": len(rows), "peak_rss_mib": peak_rss_mib()}


def part_pdf(snapshot_id):
    django_setup()
    from scoring.models import RankingSnapshot  # in the measuring subprocess, after its setup
    from scoring.reports.render import render_pdf_bytes  # in the measuring subprocess, after its setup

    snapshot = RankingSnapshot.objects.get(pk=snapshot_id)
    started = time.perf_counter()
    content = render_pdf_bytes(snapshot, chain_head="0" * 64)
    seconds = time.perf_counter() - started
    import io  # in the measuring subprocess, after its setup

    from pypdf import PdfReader  # in the measuring subprocess, after its setup

    return {"seconds": round(seconds, 3), "bytes": len(content), "pages": len(PdfReader(io.BytesIO(content)).pages),
            "peak_rss_mib": peak_rss_mib()}


def part_bare_pdf(snapshot_id):
    django_setup()
    from django.utils.html import escape  # in the measuring subprocess, after its setup
    from weasyprint import HTML  # in the measuring subprocess, after its setup

    from scoring.models import RankingSnapshot  # in the measuring subprocess, after its setup

    snapshot = RankingSnapshot.objects.get(pk=snapshot_id)
    orders = [str(c["order"]) for c in snapshot.data["rubric"]]
    head = "".join(f"<th>{escape(h)}</th>" for h in
                   ["Rank", "Reg. No.", "NGO", "Project title", "Requested", "Score", *[f"C{o}" for o in orders],
                    "Exp.", "Outcome"])
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in
                         [r["rank"], r["registration_number"], r["organization"], r["title"], r["requested_amount"],
                          r["final_score"], *[r["criterion_means"][o] for o in orders], r["n_experts"],
                          r["outcome"]]) + "</tr>"
        for r in snapshot.data["rows"])
    html = f"<html><body><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    started = time.perf_counter()
    content = HTML(string=html).write_pdf()
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "bytes": len(content), "peak_rss_mib": peak_rss_mib()}


def run_part(*args):
    result = subprocess.run([sys.executable, __file__, "--part", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if result.returncode != 0:
        sys.exit(f"part {args} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    bench_url()
    admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_sql(f"CREATE DATABASE {BENCH_DB}")
    try:
        started = time.perf_counter()
        ids = run_part("setup")
        print(json.dumps({"name": "setup", "seconds": round(time.perf_counter() - started, 1)}), file=sys.stderr)
        ours = run_part("ranking", ids["big"])
        print(json.dumps({"name": "ranking_10000x3x10", "seconds": ours["seconds"],
                          "baseline_seconds": ours["baseline_seconds"],
                          "ratio": round(ours["seconds"] / ours["baseline_seconds"], 2),
                          "peak_rss_mib": ours["peak_rss_mib"], "ranked": ours["ranked"],
                          "scores_fetched": ours["scores_fetched"], "target_seconds": 2}), flush=True)
        pdf = run_part("pdf", ids["snapshot"])
        bare = run_part("bare_pdf", ids["snapshot"])
        print(json.dumps({"name": "ranking_pdf_1000", "seconds": pdf["seconds"], "baseline_seconds": bare["seconds"],
                          "ratio": round(pdf["seconds"] / bare["seconds"], 2), "peak_rss_mib": pdf["peak_rss_mib"],
                          "baseline_peak_rss_mib": bare["peak_rss_mib"], "pages": pdf["pages"],
                          "bytes": pdf["bytes"], "baseline_bytes": bare["bytes"],
                          "target_seconds": 15, "target_peak_rss_mib": 350, "target_ratio": 1.5}), flush=True)
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--part":
        part, *rest = sys.argv[2:]
        functions = {"setup": part_setup, "ranking": part_ranking, "pdf": part_pdf, "bare_pdf": part_bare_pdf}
        print(json.dumps(functions[part](*map(int, rest))))
    else:
        main()
