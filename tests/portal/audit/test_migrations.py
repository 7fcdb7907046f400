"""Migration 0004 re-chains events written in the old format (id order, nullable actor link, no HMAC) and
seals the old head into the new chain."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain

OLD, NEW = [("audit", "0002_verbose_names")], [("audit", "0005_seal_indexes_and_constraint")]


def _old_hash(prev_hash, payload):
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def _write_old_chain(apps, *, actor_id):
    OldEvent, OldHead = apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditChainHead")
    prev = "0" * 64
    for index in range(3):
        created_at = datetime(2026, 3, 1, 10, index, tzinfo=UTC)
        event = OldEvent.objects.create(created_at=created_at, actor_id=actor_id if index else None,
                                        actor_label="official@example.kz" if index else "system",
                                        action=f"competition.step{index}", target_type="competitions.competition",
                                        target_id="3", target_label="SZ-2026-0003", scope="competition:3",
                                        before={"n": index}, after={"n": index + 1}, reason="",
                                        prev_hash=prev, hash=f"pending-{index}")
        payload = {"id": event.pk, "created_at": created_at.isoformat(timespec="microseconds"),
                   "actor_id": event.actor_id, "actor_label": event.actor_label, "action": event.action,
                   "target_type": event.target_type, "target_id": event.target_id,
                   "target_label": event.target_label, "scope": event.scope, "before": event.before,
                   "after": event.after, "reason": event.reason}
        prev = _old_hash(prev, payload)
        OldEvent.objects.filter(pk=event.pk).update(hash=prev)
        last = event
    OldHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "last_event_id": last.pk})
    return prev


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tampered", [False, True])
def test_old_events_are_rechained_and_the_old_head_is_sealed_into_the_new_chain(django_user_model, tampered):
    actor = django_user_model.objects.create_user(email="official@example.kz", password="x")
    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    old_apps = executor.loader.project_state(OLD).apps
    old_head = _write_old_chain(old_apps, actor_id=actor.pk)
    OldEvent = old_apps.get_model("audit", "AuditEvent")
    second = OldEvent.objects.order_by("id")[1]
    if tampered:  # altered under the old format: the upgrade does not launder it, it records it
        OldEvent.objects.filter(pk=second.pk).update(reason="edited")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(NEW)

    events = list(AuditEvent.objects.order_by("id"))
    assert [e.seq for e in events] == [None] * 4  # left for the sealer
    upgrade = events[-1]
    assert upgrade.action == "audit.chain_format_upgraded"
    assert upgrade.after == {"previous_format_head": old_head, "previous_format_events": 3,
                             "previous_format_intact": not tampered,
                             "previous_format_first_bad_event": second.pk if tampered else None}
    actor_id = actor.pk
    actor.delete()  # no link any more: nothing happens to the events
    result = verify_chain()
    assert result.ok and result.checked == 4
    assert list(AuditEvent.objects.order_by("seq").values_list("actor_id", "action")) == [
        (None, "competition.step0"), (actor_id, "competition.step1"), (actor_id, "competition.step2"),
        (None, "audit.chain_format_upgraded")]
