"""Two beat runs, and two outbox dispatchers, racing on PostgreSQL: each deadline closes once, each e-mail goes
out once.

Two hosts misconfigured with a beat each send every periodic task twice; two workers then run the same task
at the same instant. Here two threads (each with its own database connection) run the task bodies released by a
barrier, so both read the same due rows before either writes. Like the other integration tests they run when
``CELERY_BROKER_URL`` (and a PostgreSQL ``DATABASE_URL``) are set, and are skipped with the reason otherwise.
"""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from competitions.tasks import close_due_competitions
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify, outbox_dispatch
from tests import factories as f

from .test_celery_worker import require_broker_and_postgres

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def race(target, runners=2):
    """Run ``target()`` in ``runners`` threads released at once; their results (or the first error)."""
    barrier = threading.Barrier(runners)
    results, errors = [None] * runners, []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_beat_runs_at_the_same_instant_close_each_deadline_once():
    require_broker_and_postgres()
    now = timezone.now()
    due = [f.CompetitionFactory(status=CompetitionStatus.PUBLISHED, opens_at=now - timedelta(days=20),
                                closes_at=now - timedelta(seconds=30), published_at=now - timedelta(days=21))
           for _ in range(12)]
    still_open = f.CompetitionFactory(status=CompetitionStatus.PUBLISHED)
    closed = race(lambda: close_due_competitions.apply().get())
    assert sum(closed) == 12, closed  # between them, each competition closed by one run only
    assert set(Competition.objects.filter(pk__in=[c.pk for c in due]).values_list("status", flat=True)) == {
        CompetitionStatus.CLOSED}
    events = AuditEvent.objects.filter(action="competition.closed", target_type="competitions.competition")
    assert sorted(events.values_list("target_id", flat=True)) == sorted(str(c.pk) for c in due)
    assert Competition.objects.get(pk=still_open.pk).status == CompetitionStatus.PUBLISHED
    assert verify_chain().ok


def test_two_dispatchers_at_the_same_instant_send_each_mail_once(settings):
    require_broker_and_postgres()
    settings.OUTBOX_BATCH = 5  # many small claims: the dispatchers interleave
    people = f.UserFactory.create_batch(30)
    with mock.patch("portal.notifications.services.outbox_kick"):  # no dispatch before the race starts
        notify(users=people, subject="Race", body="Text.")
    assert OutboxMessage.objects.filter(status="pending").count() == 30
    mail.outbox.clear()
    results = race(lambda: outbox_dispatch().sent)
    assert sum(results) == 30, results
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 30
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
