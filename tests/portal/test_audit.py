"""The audit hash chain (``portal/audit/services.py``) and ``manage.py verify_audit``.

Tampering is done the way someone with database access would do it: ``QuerySet.update`` and
``delete`` behind the service's back. Every kind of change must be found and the event named.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from portal import audit
from portal.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from portal.audit.services import chain_head_for_scope, event_hash, verify_chain
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """Five events on two competitions, by a person and by the system."""
    actor = f.UserFactory(email="secretary@example.kz")
    first, second = f.CompetitionFactory(), f.CompetitionFactory()
    events = [
        audit.record(actor=actor, action="competition.published", target=first, competition_id=first.pk,
                     before={"status": "draft"}, after={"status": "published"}),
        audit.record(actor=actor, action="competition.published", target=second, competition_id=second.pk,
                     before={"status": "draft"}, after={"status": "published"}),
        audit.record(actor=None, action="competition.closed", target=first, competition_id=first.pk,
                     before={"status": "published"}, after={"status": "closed"}, reason="deadline reached"),
        audit.record(actor=actor, action="competition.under_review", target=first, competition_id=first.pk,
                     before={"status": "closed"}, after={"status": "under_review"}),
        audit.record(actor=actor, action="competition.cancelled", target=second, competition_id=second.pk,
                     before={"status": "published"}, after={"status": "cancelled"}, reason="Budget withdrawn"),
    ]
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def test_empty_chain_verifies():
    result = verify_chain()
    assert (result.ok, result.checked, result.head) == (True, 0, GENESIS_HASH)


def test_intact_chain_verifies_and_links(chain):
    result = verify_chain()
    assert result.ok and result.checked == 5 and result.bad_event_id is None
    assert result.head == chain[-1].hash == AuditChainHead.objects.get().last_hash
    assert chain[0].prev_hash == GENESIS_HASH
    for previous, event in zip(chain, chain[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == event_hash(previous.hash, event)
    assert len({e.hash for e in chain}) == 5


def test_record_fills_the_event(chain):
    first = chain[0]
    assert first.actor.email == "secretary@example.kz" and first.actor_label == "secretary@example.kz"
    assert first.target_type == "competitions.competition"
    assert chain[2].actor_id is None and chain[2].actor_label == "system"
    assert chain[2].reason == "deadline reached"


def test_chain_head_for_scope_is_the_newest_event_of_that_competition(chain):
    assert chain_head_for_scope(chain[0].scope) == chain[3].hash
    assert chain_head_for_scope(chain[1].scope) == chain[4].hash
    assert chain_head_for_scope("competition:999999") == GENESIS_HASH


@pytest.mark.parametrize(("field", "value"), [
    ("reason", "nothing to see here"),
    ("after", {"status": "cancelled"}),
    ("before", {}),
    ("action", "competition.final"),
    ("actor_label", "someone@example.kz"),
    ("target_id", "424242"),
    ("scope", ""),
    ("created_at", datetime(2020, 1, 1, tzinfo=UTC)),
])
def test_an_edited_field_is_caught_and_named(chain, field, value):
    edited = chain[2]
    AuditEvent.objects.filter(pk=edited.pk).update(**{field: value})
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == edited.pk
    assert result.checked == 2
    assert "altered" in result.problem


def test_an_edited_and_rehashed_row_is_caught_at_the_next_link(chain):
    edited = chain[1]
    AuditEvent.objects.filter(pk=edited.pk).update(reason="quietly changed")
    edited.refresh_from_db()
    AuditEvent.objects.filter(pk=edited.pk).update(hash=event_hash(edited.prev_hash, edited))
    result = verify_chain()
    assert not result.ok and result.bad_event_id == chain[2].pk
    assert "link broken" in result.problem


def test_a_deleted_middle_row_is_caught_and_names_the_following_event(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == chain[3].pk
    assert "removed or reordered" in result.problem


def test_a_deleted_first_row_is_caught(chain):
    AuditEvent.objects.filter(pk=chain[0].pk).delete()
    result = verify_chain()
    assert not result.ok and result.bad_event_id == chain[1].pk


def test_a_deleted_newest_row_is_caught_through_the_chain_head(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == chain[-1].pk
    assert result.checked == 4
    assert "newest events were removed" in result.problem


def test_all_rows_deleted_is_caught_through_the_chain_head(chain):
    AuditEvent.objects.all().delete()
    result = verify_chain()
    assert not result.ok and result.bad_event_id == chain[-1].pk


CONTENT_FIELDS = ["created_at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label",
                  "scope", "before", "after", "reason", "prev_hash", "hash"]


def _content(event):
    return {name: getattr(event, name) for name in CONTENT_FIELDS}


def test_two_rows_with_swapped_content_are_caught(chain):
    a, b = chain[1], chain[3]
    with transaction.atomic():
        AuditEvent.objects.filter(pk=a.pk).update(hash="swap-in-progress")
        AuditEvent.objects.filter(pk=b.pk).update(**_content(a))
        AuditEvent.objects.filter(pk=a.pk).update(**_content(b))
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == a.pk
    assert result.checked == 1


def test_a_row_moved_to_the_end_by_changing_its_id_is_caught(chain):
    moved = chain[1]
    AuditEvent.objects.filter(pk=moved.pk).update(id=chain[-1].pk + 100)
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == chain[2].pk


def test_two_rows_with_swapped_ids_are_caught(chain):
    a, b = chain[3], chain[4]
    spare = b.pk + 1000
    with transaction.atomic():
        AuditEvent.objects.filter(pk=a.pk).update(id=spare)
        AuditEvent.objects.filter(pk=b.pk).update(id=a.pk)
        AuditEvent.objects.filter(pk=spare).update(id=b.pk)
    result = verify_chain()
    assert not result.ok and result.bad_event_id == a.pk


def test_verify_audit_command_reports_an_intact_chain(chain, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit chain intact: 5 events" in out
    assert chain[-1].hash in out


def test_verify_audit_command_fails_and_names_the_event(chain):
    AuditEvent.objects.filter(pk=chain[3].pk).update(after={"status": "ranked"})
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    assert f"#{chain[3].pk}" in str(failed.value)
    assert "BROKEN" in str(failed.value)


def test_verify_audit_command_exits_non_zero_from_the_shell(chain):
    """``CommandError`` from the command line becomes exit status 1 (what CI and cron look at)."""
    from django.core.management import ManagementUtility

    AuditEvent.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code == 1


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
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.before["amount"] == "1234567.50"
    assert stored.before["weights"] == ["0.125", "10"]
    assert stored.before["deadline"] == "2026-03-26"
    assert stored.before["at"] == "2026-03-20 18:00:00+00:00"
    assert stored.before["title"] == "Жастар саясаты «Болашақ» — молодёжь"
    assert stored.before["big"] == 10**20
    assert stored.after == {"awarded": "2000000.00", "on": "2026-04-01"}
    assert stored.hash == event.hash == event_hash(GENESIS_HASH, stored)
    assert verify_chain().ok


def test_a_failed_transaction_leaves_no_gap_in_the_chain():
    competition = f.CompetitionFactory()
    audit.record(actor=None, action="competition.published", target=competition)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=None, action="competition.closed", target=competition)
        raise RuntimeError("rolled back")
    audit.record(actor=None, action="competition.cancelled", target=competition)
    result = verify_chain()
    assert result.ok and result.checked == 2


def test_created_at_is_stored_in_utc_with_microseconds():
    event = audit.record(actor=None, action="competition.published", target=f.CompetitionFactory())
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.created_at == event.created_at
