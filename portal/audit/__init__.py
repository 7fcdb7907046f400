"""The audit trail. ``from portal import audit; audit.record(actor=..., action=..., target=..., ...)``.

DESIGN
======

Goal: every decision-relevant write leaves an event that is chained, tamper-evident and verifiable
offline, without a lock that every request in every competition waits for.

1. Record: no shared lock.
   ``record()`` is one INSERT inside the caller's transaction. The row carries only frozen values: the actor
   as a plain id and e-mail label (no foreign key that deleting a user could null out), the target as type,
   id and label, before/after as canonical JSON, the scope (``competition:<id>`` or "" for the system). It
   has no place in the chain yet: ``seq``, ``prev_hash``, ``hash`` and ``hmac`` are empty ("pending seal").
   Submissions in different competitions (or the same one) never wait for each other here.

2. Seal: one sealer, in commit order.
   ``services.audit_seal()`` locks the single ``AuditChainHead`` row (``select_for_update``; only sealers
   take it, never a request), reads the committed unsealed events oldest id first and gives each the next
   ``seq`` (1, 2, 3, ... with no gaps), ``prev_hash`` = the previous event's hash,
   ``hash = sha256(prev_hash + canonical JSON of the payload, seq included)`` and
   ``hmac = HMAC-SHA256(AUDIT_HMAC_KEY, hash)`` with the key's id, then moves the head (itself HMAC-signed)
   and commits, in batches. The chain order is the sealing order, not the id order: PostgreSQL allocates ids
   before commit, so a later id can commit first; an event still in flight is invisible to the sealer and
   stays unsealed until the next run takes it, whatever its id. Nothing is skipped, nothing waits for it.
   The sealer runs as a Celery beat task every ``AUDIT_SEAL_INTERVAL`` seconds (3 by default; ``make run``'s
   worker runs beat) and on demand: ``verify_audit``, publishing the daily head, tests. Pages never seal
   (no GET writes): they show the newest sealed head and mark unsealed events "pending seal".
   The lock is held only while a batch is hashed, never across a request; with several sealers (a beat
   slipped twice) the second waits a few milliseconds and finds nothing left to do. SQLite serialises
   writers anyway; the same code runs there.

3. Keys outside the database.
   Someone who can write to the database can rewrite an event and recompute every later hash, but not the
   HMACs: the key is in the settings (``AUDIT_HMAC_KEY``; production refuses to start without one, or with
   one equal to ``SECRET_KEY``). Rotation: the new key seals, the old ones stay in ``AUDIT_HMAC_OLD_KEYS``
   and still verify (each HMAC names its key id, a public fingerprint of the key).

4. Published heads.
   A daily beat task seals and records the global head (seq, hash, time) as a ``PublishedHead``; the list is
   public at ``/audit/heads/`` (page, JSON and text download, linked from every public results page) so
   anyone can keep a copy. A rewrite after publication, even by someone holding the key, no longer
   matches a head someone kept: ``verify_audit`` compares the chain with the stored list and, with
   ``--heads FILE``, with a downloaded one.

5. Per-competition view.
   A competition's head is the hash of its newest sealed event: it commits to that event and to everything
   sealed before it. Its audit page checks its own events (hash, HMAC, link to the chain) in time linear in
   the competition's events; ``manage.py verify_audit`` walks the whole chain.

6. Verify.
   ``verify_audit`` (``services.verify_chain``) seals, then walks ``seq`` 1..head and names the first check
   that fails and the event: ``link`` (a gap in seq, a prev_hash that is not the previous hash, a head that
   is not the chain's end: removal, insertion, reordering, truncation), ``hash`` (content edited),
   ``hmac`` (rewritten and rehashed without the key; unknown key), ``published head`` (rewritten after
   publication). The arithmetic is in ``chain.py`` (no Django): it can be re-run on an export, offline.

Migration 0004 changed the format (frozen actor, seal fields): it checks the old id-ordered chain with the
old rule, leaves every existing row unsealed so the sealer chains them again in id order in the new
format, and appends one event ``audit.chain_format_upgraded`` carrying the old head and the old check's
result, so the old chain's last word is sealed into the new one.

Metrics: ``selectors.oldest_unsealed_age_seconds()`` (how far the sealer is behind).
"""


def record(**kwargs):
    # Imported on call: this package is imported while the app registry loads, before models may be.
    from .services import record as _record

    return _record(**kwargs)
