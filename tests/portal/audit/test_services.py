"""``record`` (no lock, frozen values) and the sealer ``audit_seal`` / ``head_publish``."""

import logging
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.audit import chain as ch
from portal.audit import tasks
from portal.audit.logs import QuietSealer
from portal.audit.models import AuditChainHead, AuditEvent, PublishedHead
from portal.audit.services import audit_seal, head_publish, verify_chain
from tests import factories as f

from .conftest import stored_row

pytestmark = pytest.mark.django_db


def test_record_is_one_insert_and_locks_nothing(django_assert_num_queries):
    competition = f.CompetitionFactory()
    with django_assert_num_queries(1) as captured:
        event = audit.record(actor=None, action="competition.published", target=competition,
                             competition_id=competition.pk)
    assert captured.captured_queries[0]["sql"].startswith("INSERT INTO")
    assert "FOR UPDATE" not in captured.captured_queries[0]["sql"]
    assert (event.seq, event.hash, event.prev_hash, event.hmac, event.sealed) == (None, None, "", "", False)


def test_record_freezes_the_actor_target_and_scope():
    actor = f.UserFactory(email="secretary@example.kz")
    competition = f.CompetitionFactory()
    event = audit.record(actor=actor, action="competition.published", target=competition,
                         competition_id=competition.pk, reason="ok")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label) == (actor.pk, "secretary@example.kz")
    assert (stored.target_type, stored.target_id, stored.target_label) == (
        "competitions.competition", str(competition.pk), str(competition))
    assert stored.scope == f"competition:{competition.pk}"
    system = audit.record(actor=None, action="competition.closed", target=competition)
    assert (system.actor_id, system.actor_label, system.scope) == (None, "system", "")


def test_seal_chains_events_in_order_with_hash_and_hmac(chain):
    key = settings.AUDIT_HMAC_KEY
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == ch.GENESIS_HASH
    for previous, event in zip(chain, chain[1:], strict=False):
        assert event.prev_hash == previous.hash
    for event in chain:
        assert event.hash == ch.event_hash(event.prev_hash, stored_row(event.pk))
        assert event.hmac == ch.event_mac(key, event.hash)
        assert event.hmac_key_id == ch.key_id(key)
        assert event.sealed_at is not None and event.sealed
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash, head.last_event_id) == (5, chain[-1].hash, chain[-1].pk)
    assert head.hmac == ch.head_mac(key, 5, chain[-1].hash)


def test_a_second_seal_has_nothing_to_do(chain):
    result = audit_seal()
    assert (result.sealed, result.head_seq, result.head_hash) == (0, 5, chain[-1].hash)


def test_sealing_in_batches_gives_the_same_chain():
    competition = f.CompetitionFactory()
    for index in range(7):
        audit.record(actor=None, action=f"test.{index}", target=competition)
    result = audit_seal(batch_size=3)
    assert (result.sealed, result.head_seq) == (7, 7)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        f"test.{index}" for index in range(7)]
    assert verify_chain(seal=False).ok


def test_an_event_that_commits_after_a_later_id_was_sealed_is_sealed_next():
    """PostgreSQL allocates ids before commit: id N may commit after N+1 has been sealed. The chain order is
    the sealing order, so N is taken by the next run and nothing is skipped (simulated with explicit ids)."""
    competition = f.CompetitionFactory()
    placeholder = audit.record(actor=None, action="test.allocated", target=competition)
    later = audit.record(actor=None, action="test.later_id_committed_first", target=competition)
    AuditEvent.objects.filter(pk=placeholder.pk).delete()  # id N allocated, its transaction still open
    assert audit_seal().sealed == 1
    AuditEvent.objects.create(id=placeholder.pk, created_at=timezone.now(), action="test.earlier_id_committed_late",
                              target_type="", target_id="")
    assert audit_seal().sealed == 1
    sealed = list(AuditEvent.objects.order_by("seq").values_list("id", "seq"))
    assert sealed == [(later.pk, 1), (placeholder.pk, 2)]
    assert verify_chain(seal=False).ok


def test_a_rolled_back_event_leaves_no_gap_in_the_chain():
    competition = f.CompetitionFactory()
    audit.record(actor=None, action="competition.published", target=competition)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=None, action="competition.closed", target=competition)
        raise RuntimeError("rolled back")
    audit.record(actor=None, action="competition.cancelled", target=competition)
    result = verify_chain()
    assert result.ok and result.checked == 2
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2]


def test_deleting_a_user_changes_no_event_and_the_chain_verifies(chain):
    actor_id = chain[0].actor_id
    audit.record(actor=None, action="test.after")
    get_user_model().objects.filter(pk=actor_id).delete()
    after = [AuditEvent.objects.get(pk=e.pk) for e in chain]
    assert [(e.actor_id, e.actor_label, e.hash) for e in after] == [(e.actor_id, e.actor_label, e.hash) for e in chain]
    result = verify_chain()
    assert result.ok and result.checked == 6


def test_a_user_deleted_before_the_seal_is_still_named_by_id_and_label():
    user = f.UserFactory(email="gone@example.kz")
    event = audit.record(actor=user, action="user.signup", target=user)
    user_id = user.pk
    user.delete()
    assert verify_chain().ok
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label, stored.target_id) == (user_id, "gone@example.kz", str(user_id))


def test_decimals_dates_and_text_survive_the_round_trip():
    competition = f.CompetitionFactory()
    before = {
        "amount": Decimal("1234567.50"),
        "weights": [Decimal("0.125"), Decimal("10")],
        "deadline": date(2026, 3, 26),
        "at": datetime(2026, 3, 20, 18, 0, tzinfo=UTC),
        "title": "Жастар саясаты «Болашақ» — молодёжь",
        "score": 7.5,
        "big": 10**20,
        "nested": {"b": None, "a": True, "z": []},
    }
    event = audit.record(actor=None, action="application.winner", target=competition, competition_id=competition.pk,
                         before=before, after={"awarded": Decimal("2000000.00"), "on": date(2026, 4, 1)})
    audit_seal()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.before["amount"] == "1234567.50"
    assert stored.before["weights"] == ["0.125", "10"]
    assert stored.before["deadline"] == "2026-03-26"
    assert stored.before["at"] == "2026-03-20 18:00:00+00:00"
    assert stored.before["title"] == "Жастар саясаты «Болашақ» — молодёжь"
    assert stored.before["big"] == 10**20
    assert stored.after == {"awarded": "2000000.00", "on": "2026-04-01"}
    assert stored.hash == ch.event_hash(ch.GENESIS_HASH, stored_row(event.pk))
    assert verify_chain().ok


def test_created_at_is_stored_in_utc_with_microseconds():
    event = audit.record(actor=None, action="competition.published", target=f.CompetitionFactory())
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.created_at == event.created_at


def test_sealing_without_a_key_refuses_and_leaves_events_waiting(settings):
    audit.record(actor=None, action="test.event")
    settings.AUDIT_HMAC_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        audit_seal()
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 1


def test_head_publish_seals_and_records_the_head_once(chain):
    audit.record(actor=None, action="test.pending")
    published = head_publish()
    assert (published.seq, published.event_id) == (6, AuditEvent.objects.get(seq=6).pk)
    assert published.hash == AuditChainHead.objects.get().last_hash
    assert head_publish().pk == published.pk
    assert PublishedHead.objects.count() == 1
    audit.record(actor=None, action="test.next_day")
    assert head_publish().seq == 7
    assert list(PublishedHead.objects.values_list("seq", flat=True)) == [7, 6]


def test_head_publish_with_an_empty_chain_publishes_nothing():
    assert head_publish() is None
    assert not PublishedHead.objects.exists()


def test_the_beat_tasks_call_the_services(chain):
    audit.record(actor=None, action="test.pending")
    assert tasks.seal.delay().get() == 1
    assert tasks.publish_head.delay().get() == 6


def test_the_beat_schedule_runs_the_sealer_every_few_seconds_and_publishes_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["seal-audit-events"]["task"] == "audit.seal"
    assert 2 <= schedule["seal-audit-events"]["schedule"] <= 5
    assert schedule["publish-audit-head"]["task"] == "audit.publish_head"


def test_routine_sealer_log_lines_are_dropped_but_its_warnings_kept():
    def record(level, message, *args):
        return logging.LogRecord("celery.app.trace", level, __file__, 1, message, args, None)

    quiet = QuietSealer()
    assert not quiet.filter(record(logging.INFO, "Task %s[%s] succeeded", "audit.seal", "x"))
    assert quiet.filter(record(logging.INFO, "Task %s[%s] succeeded", "scoring.render_report", "x"))
    assert quiet.filter(record(logging.ERROR, "Task %s[%s] raised", "audit.seal", "x"))
    assert any(isinstance(f, QuietSealer) for f in logging.getLogger("celery.beat").filters)
