"""A real Celery worker on Redis produces the ranking report PDF; a second request enqueues no second job.

Skipped without ``CELERY_BROKER_URL`` (Redis) and a PostgreSQL ``DATABASE_URL``; reuses the worker harness
of ``test_celery_worker.py`` (a worker on a queue of its own, which is also its default queue). The report job is
an outbox row; the kick after the commit is sent to the worker's queue, the worker's dispatcher sends the job.
"""

import hashlib
import os
from unittest import mock

import pytest

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.notifications.models import OutboxMessage
from portal.notifications.tasks import dispatch_outbox
from scoring.enums import ReportStatus
from scoring.models import Report
from scoring.ranking.services import ranking_freeze
from scoring.reports.services import report_request
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application

from .test_celery_worker import Worker, require_broker_and_postgres, wait_until

pytestmark = pytest.mark.integration


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_report_once(tmp_path, settings):
    require_broker_and_postgres()
    from portal.celery import app

    app.conf.task_always_eager = False
    settings.MEDIA_ROOT = tmp_path / "media"  # the worker gets the same MEDIA_ROOT below
    official = f.UserFactory()
    competition = ranked_competition(weights=("1", "1"), experts=1)
    for scores in ([[9, 8]], [[5, 5]], [[7, 7]]):
        scored_application(competition, scores, title="Жоба әғқңөұүһі")
    snapshot = ranking_freeze(competition=competition, actor=official)

    worker = Worker(tmp_path)

    def kick_the_worker():
        dispatch_outbox.apply_async(queue=worker.queue)

    os.environ["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    try:
        worker.start()
        with mock.patch("portal.notifications.services.outbox_kick", side_effect=kick_the_worker):
            first = report_request(snapshot=snapshot, format="pdf", actor=official)
            wait_until(lambda: Report.objects.get(pk=first.pk).status == ReportStatus.DONE, worker, "the PDF")
            second = report_request(snapshot=snapshot, format="pdf", actor=official)
        assert second.pk == first.pk
        jobs = OutboxMessage.objects.filter(channel="task", address="scoring.render_report")
        assert [(job.status, job.payload) for job in jobs] == [("sent", {"kwargs": {"report_id": first.pk}})], \
            "one job, sent once; the second request must not enqueue a job"
        report = Report.objects.get(pk=first.pk)
        content = report.file.read()
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == report.sha256
        assert AuditEvent.objects.filter(action="report.generated").count() == 1
        assert verify_chain().ok
        assert "scoring.render_report" in worker.tail(200)
    finally:
        os.environ.pop("MEDIA_ROOT", None)
        worker.stop()
