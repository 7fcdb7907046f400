"""Data for the report worker-kill test (test_faults.py); run in its own process against ``DATABASE_URL``, prints
one JSON object.

``seed``
    A small ranked competition, its frozen snapshot and a PDF report asked for (its job waits in the outbox).
``check --report ID``
    The report's state, the files stored under ``MEDIA_ROOT/reports``, its "report.generated" and
    "report.requeued" events, its jobs in the outbox and whether the audit chain verifies.
"""

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from portal.audit.models import AuditEvent  # noqa: E402
from portal.audit.services import verify_chain  # noqa: E402
from portal.notifications.models import OutboxMessage  # noqa: E402
from scoring.models import Report  # noqa: E402
from scoring.ranking.services import ranking_freeze  # noqa: E402
from scoring.reports.services import report_request  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.scoring.results_world import ranked_competition, scored_application  # noqa: E402


@transaction.atomic
def seed():
    official = f.UserFactory()
    competition = ranked_competition(weights=("1", "1"), experts=1)
    for scores in ([[9, 8]], [[5, 5]], [[7, 7]]):
        scored_application(competition, scores, title="Жоба әғқңөұүһі")
    snapshot = ranking_freeze(competition=competition, actor=official)
    report = report_request(snapshot=snapshot, format="pdf", actor=official, language="kk")
    return {"report": report.pk}


def check(report_id):
    report = Report.objects.get(pk=report_id)
    folder = Path(settings.MEDIA_ROOT) / "reports"
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    stored = report.file.read() if report.file else b""
    events = AuditEvent.objects.filter(target_type="scoring.report", target_id=str(report.pk))
    return {
        "status": report.status, "progress": report.progress, "attempts": report.attempts, "error": report.error,
        "files": files, "sha256_matches": bool(stored) and hashlib.sha256(stored).hexdigest() == report.sha256,
        "is_pdf": stored.startswith(b"%PDF"),
        "generated_events": events.filter(action="report.generated").count(),
        "requeued_events": events.filter(action="report.requeued").count(),
        "jobs": sorted(OutboxMessage.objects.filter(channel="task", address="scoring.render_report")
                       .values_list("status", flat=True)),
        "audit_chain_ok": verify_chain().ok,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed", "check"])
    parser.add_argument("--report", type=int)
    args = parser.parse_args()
    out = seed() if args.command == "seed" else check(args.report)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
