"""Writes of the audit trail: ``record`` (any request, no lock), ``audit_seal`` (the one sealer) and
``head_publish`` (the daily published head). The design is in the package docstring."""

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.canonical import canonical_json

from . import chain
from .keys import current_key
from .models import AuditChainHead, AuditEvent, PublishedHead

# Kept importable from here for the callers written before the selectors module existed.
from .selectors import chain_head_for_scope, scope_of  # noqa: F401
from .verify import ChainCheck, check_chain  # noqa: F401

SEAL_BATCH = 1000


def _plain(value):
    """JSON-safe copy (Decimals, dates and the like become strings) so what is hashed is what is stored."""
    return json.loads(canonical_json(value or {}))


def _target_parts(target):
    if target is None:
        return "", ""
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


def record(*, actor, action, target=None, before=None, after=None, reason="", competition_id=None, label=""):
    """Append one event inside the caller's transaction: a single INSERT that shares no lock with any other
    writer. The event is unsealed (no hash yet); the sealer gives it its place in the chain within seconds.
    Every value is frozen here, the actor as its id and e-mail, so nothing done later to the user changes it."""
    target_type, target_id = _target_parts(target)
    return AuditEvent.objects.create(
        created_at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_label=(getattr(actor, "email", "") or "system")[:254],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=(label or (str(target) if target is not None else ""))[:300],
        scope=scope_of(competition_id),
        before=_plain(before),
        after=_plain(after),
        reason=reason or "",
    )


# ------------------------------------------------------------------------------------------------ sealer

@dataclass(frozen=True)
class SealResult:
    sealed: int
    head_seq: int
    head_hash: str


def audit_seal(*, batch_size=SEAL_BATCH) -> SealResult:
    """Chain every committed, unsealed event, oldest id first, in batches of ``batch_size`` (each its own
    short transaction). Safe to call from anywhere at any time and from several processes at once: the
    head row's lock lets one sealer run at a time. Called by the beat task every few seconds, by
    ``verify_audit`` and by anything that needs the head to include what was just written."""
    sealed = 0
    while True:
        count, head = _seal_batch(batch_size)
        sealed += count
        if count < batch_size:
            return SealResult(sealed, head.last_seq, head.last_hash)


@transaction.atomic
def _seal_batch(batch_size):
    AuditChainHead.objects.get_or_create(pk=1)
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    # Read after the lock: a sealer that waited for another sees the rows that one has just sealed as sealed.
    # Rows still in flight in other transactions are invisible here; whatever their id, they are still
    # unsealed when they commit and are taken by the next run (the chain order is the sealing order).
    rows = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id").values(*chain.ROW_FIELDS)[:batch_size])
    if not rows:
        return 0, head
    key = current_key()
    kid, now = chain.key_id(key), timezone.now()
    sealed = []
    for row in rows:
        seq = head.last_seq + 1
        digest = chain.event_hash(head.last_hash, chain.hashable({**row, "seq": seq}))
        sealed.append(AuditEvent(pk=row["id"], seq=seq, prev_hash=head.last_hash, hash=digest,
                                 hmac=chain.event_mac(key, digest), hmac_key_id=kid, sealed_at=now))
        head.last_seq, head.last_hash, head.last_event_id = seq, digest, row["id"]
    AuditEvent.objects.bulk_update(sealed, ["seq", "prev_hash", "hash", "hmac", "hmac_key_id", "sealed_at"],
                                   batch_size=250)
    head.hmac, head.hmac_key_id, head.sealed_at = chain.head_mac(key, head.last_seq, head.last_hash), kid, now
    head.save()
    return len(rows), head


def head_publish(*, now=None) -> PublishedHead | None:
    """Seal, then record the global head for the public list (``/audit/heads/``). Run daily by beat; a run
    that finds the head where the last published one left it adds nothing. No audit event of its own: the
    published list is the record, and an event would move the head it has just published."""
    audit_seal()
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.last_seq == 0:
        return None
    published, _created = PublishedHead.objects.get_or_create(
        seq=head.last_seq,
        defaults={"hash": head.last_hash, "event_id": head.last_event_id, "published_at": now or timezone.now()})
    return published


def verify_chain(*, seal=True, published_heads=()):
    """Seal what is waiting (unless ``seal=False``), then check the whole chain: every link, hash and
    HMAC, the recorded head and every published head (plus ``published_heads``, pairs of (seq, hash) from
    a list someone kept). Returns ``verify.ChainCheck``; the command prints it."""
    if seal:
        audit_seal()
    return check_chain(published_heads=published_heads)
