"""A format change of the chain: existing events are chained again in the new format.

The old chain (hash over the id-ordered events, the actor as a nullable link, no HMAC) is first checked
with the old rule, as it was written. Then every existing event is left unsealed (no seq, no hash) and the
head is reset, so the sealer chains them again, oldest id first, with seq, new hashes and HMACs (the
next beat run, or ``verify_audit``, which seals first). Finally one system event
``audit.chain_format_upgraded`` is appended carrying the old head, the old event count and the old check's
result: the old chain's last word is sealed into the new chain, and anyone holding the old head can
compare. Recomputing the hashes is acceptable here because the format itself changes; no value of any
event is changed.

The old rule is copied below on purpose: a migration must keep working whatever the code becomes.
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

OLD_GENESIS = "0" * 64


def _old_hash(prev_hash, event):
    payload = {
        "id": event.pk,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "scope": event.scope,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def _old_check(AuditEvent, AuditChainHead):
    prev_hash, count, first_bad = OLD_GENESIS, 0, None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if first_bad is None and (event.prev_hash != prev_hash or _old_hash(prev_hash, event) != event.hash):
            first_bad = event.pk
        prev_hash = event.hash
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if first_bad is None and head is not None and head.last_hash != prev_hash:
        first_bad = head.last_event_id
    return prev_hash, count, first_bad


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    old_head, count, first_bad = _old_check(AuditEvent, AuditChainHead)
    AuditChainHead.objects.update_or_create(pk=1, defaults={
        "last_seq": 0, "last_hash": OLD_GENESIS, "last_event_id": None, "hmac": "", "hmac_key_id": "",
        "sealed_at": None})
    if not count:
        return
    AuditEvent.objects.update(seq=None, prev_hash="", hash=None, hmac="", hmac_key_id="", sealed_at=None)
    AuditEvent.objects.create(
        created_at=timezone.now(), actor_id=None, actor_label="system", action="audit.chain_format_upgraded",
        target_type="", target_id="", target_label="", scope="", before={},
        after={"previous_format_head": old_head, "previous_format_events": count,
               "previous_format_intact": first_bad is None, "previous_format_first_bad_event": first_bad},
        reason="")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_frozen_actor_and_seal_fields'),
    ]

    operations = [
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
