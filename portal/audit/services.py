import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.canonical import canonical_json

from .models import GENESIS_HASH, AuditChainHead, AuditEvent


def _plain(value):
    """JSON-safe copy (Decimals, dates and the like become strings) so what is hashed is what is stored."""
    return json.loads(canonical_json(value or {}))


def event_payload(event: AuditEvent) -> dict:
    return {
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


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event_payload(event))).encode()).hexdigest()


def _target_parts(target):
    if target is None:
        return "", ""
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


def scope_of(competition_id) -> str:
    return f"competition:{competition_id}" if competition_id else ""


@transaction.atomic
def record(*, actor, action, target=None, before=None, after=None, reason="", competition_id=None, label=""):
    """Append one event to the chain inside the caller's transaction."""
    head, _created = AuditChainHead.objects.get_or_create(pk=1)
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    target_type, target_id = _target_parts(target)
    event = AuditEvent.objects.create(
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=(label or (str(target) if target is not None else ""))[:300],
        scope=scope_of(competition_id),
        before=_plain(before),
        after=_plain(after),
        reason=reason or "",
        prev_hash=head.last_hash,
        hash=f"pending-{uuid.uuid4().hex}",
    )
    # Read back what the database stored so the hash covers exactly the persisted values.
    event.refresh_from_db()
    event.hash = event_hash(head.last_hash, event)
    AuditEvent.objects.filter(pk=event.pk).update(hash=event.hash)
    head.last_hash, head.last_event_id = event.hash, event.pk
    head.save(update_fields=["last_hash", "last_event_id"])
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    head: str
    bad_event_id: int | None = None
    problem: str = ""


def verify_chain() -> ChainCheck:
    """Walk the whole chain in id order; report the first event whose link or hash does not hold."""
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev_hash:
            return ChainCheck(False, checked, prev_hash, event.pk,
                              "previous-hash link broken: an event before it was removed or reordered")
        if event_hash(prev_hash, event) != event.hash:
            return ChainCheck(False, checked, prev_hash, event.pk,
                              "content does not match its hash: the row was altered")
        prev_hash = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev_hash:
        return ChainCheck(False, checked, prev_hash, head.last_event_id,
                          "the newest events were removed: the chain ends before the recorded head")
    return ChainCheck(True, checked, prev_hash)


def chain_head_for_scope(scope: str) -> str:
    event = AuditEvent.objects.filter(scope=scope).order_by("-id").only("hash").first()
    return event.hash if event else GENESIS_HASH
