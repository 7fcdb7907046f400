"""Writers in different competitions never wait for each other, and the sealer seals in commit order
whatever the ids (PostgreSQL allocates ids before commit). Real concurrent transactions: PostgreSQL only
(SQLite serialises every writer anyway); each thread has its own connection."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from applications.services import application_submit
from portal import audit
from portal.audit.models import AuditChainHead, AuditEvent
from portal.audit.services import audit_seal, verify_chain
from tests import factories as f
from tests.applications.helpers import fill_application, ngo_with_application

pytestmark = pytest.mark.django_db(transaction=True)

LOCK_TIMEOUT_MS = 500


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (DATABASE_URL); SQLite serialises every writer")


class OpenTransaction:
    """Run ``work`` in another thread's transaction and keep that transaction open until ``close()``."""

    def __init__(self, work):
        self.work, self.result, self.error = work, None, None
        self._ready, self._release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            with transaction.atomic():
                self.result = self.work()
                self._ready.set()
                self._release.wait(300)
        except Exception as error:  # noqa: BLE001 - handed to the test thread
            self.error = error
        finally:
            self._ready.set()
            connection.close()

    def __enter__(self):
        self._thread.start()
        assert self._ready.wait(300), "the other transaction did not start"
        if self.error:
            raise self.error
        return self

    def close(self):
        self._release.set()
        self._thread.join(300)
        if self.error:
            raise self.error

    def __exit__(self, *exc):
        self.close()


def _with_lock_timeout(work):
    """Run ``work`` in a transaction that raises OperationalError instead of waiting longer than
    LOCK_TIMEOUT_MS for any lock (the measure of "does not block")."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
        return work()


def _ready_draft():
    user, application = ngo_with_application()
    fill_application(application)
    return user, application


def test_an_open_submission_in_one_competition_does_not_block_a_submission_in_another():
    user_a, draft_a = _ready_draft()
    user_b, draft_b = _ready_draft()
    with OpenTransaction(lambda: application_submit(application=draft_a, actor=user_a)) as other:
        # Waiting more than LOCK_TIMEOUT_MS for any lock would raise OperationalError here.
        submitted = _with_lock_timeout(lambda: application_submit(application=draft_b, actor=user_b))
        assert submitted.status == "submitted"
        assert AuditEvent.objects.filter(action="application.submitted").count() == 1  # A not committed yet
    assert other.result.status == "submitted"
    assert AuditEvent.objects.filter(action="application.submitted").count() == 2
    assert verify_chain().ok


def test_an_open_audit_write_does_not_block_another_competition_or_the_sealer():
    first, second = f.CompetitionFactory(), f.CompetitionFactory()
    with OpenTransaction(lambda: audit.record(actor=None, action="test.open", target=first,
                                              competition_id=first.pk)):
        event = _with_lock_timeout(lambda: audit.record(actor=None, action="test.other", target=second,
                                                        competition_id=second.pk))
        sealed = _with_lock_timeout(audit_seal)
        assert sealed.sealed == 1 and AuditEvent.objects.get(pk=event.pk).seq == 1
    assert audit_seal().sealed == 1
    assert verify_chain().ok


def test_a_running_sealer_does_not_block_writers():
    competition = f.CompetitionFactory()
    AuditChainHead.objects.get_or_create(pk=1)
    with OpenTransaction(lambda: AuditChainHead.objects.select_for_update().get(pk=1)):
        _with_lock_timeout(lambda: audit.record(actor=None, action="test.while_sealing", target=competition))
        with pytest.raises(OperationalError):  # a second sealer waits for the first: only sealers do
            _with_lock_timeout(audit_seal)
    assert audit_seal().sealed == 1


def test_sealing_follows_commit_order_not_id_order():
    competition = f.CompetitionFactory()
    with OpenTransaction(lambda: audit.record(actor=None, action="test.earlier_id", target=competition)) as other:
        later = audit.record(actor=None, action="test.later_id", target=competition)  # autocommit
        assert other.result.pk < later.pk
        assert audit_seal().sealed == 1  # the in-flight earlier id is invisible, not waited for
    assert audit_seal().sealed == 1  # ... and taken by the next run once committed
    order = list(AuditEvent.objects.order_by("seq").values_list("action", "seq"))
    assert order == [("test.later_id", 1), ("test.earlier_id", 2)]
    assert verify_chain().ok


def test_many_concurrent_writers_and_sealers_leave_one_gapless_chain():
    competitions = [f.CompetitionFactory() for _ in range(4)]
    errors = []

    def writer(competition):
        try:
            for index in range(15):
                with transaction.atomic():
                    audit.record(actor=None, action=f"test.{index}", target=competition,
                                 competition_id=competition.pk)
                if index % 5 == 0:
                    audit_seal()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(c,)) for c in competitions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    result = verify_chain()
    assert result.ok and result.checked == 60
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 61))
