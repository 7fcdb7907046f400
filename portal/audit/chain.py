"""The arithmetic of the audit chain: payload, hash, HMAC, key ids and the walk that checks them.

Pure: no Django, no ORM. The services feed it rows; anyone holding an export of the events (and, for the
HMAC, the key) can run the same functions offline. Changing anything here changes every hash ever
published: add a new payload version instead.

- ``hash = sha256(prev_hash + canonical JSON of the payload)``; the payload holds only frozen values
  (actor id and label as plain values, never a link that a deleted user could null out) and the event's
  position ``seq`` in the chain.
- ``hmac = HMAC-SHA256(key, "audit-event:" + hash)``, tagged with the key's id, so someone who can write
  to the database but does not hold the key cannot recompute a rewritten chain that still verifies.
- The head record carries its own HMAC over ``"audit-head:<seq>:<hash>"`` (domain-separated from the
  events' HMAC, so an event's HMAC cannot be copied onto a rewound head).
"""

import hashlib
import hmac as hmac_lib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC

from portal.canonical import canonical_json

GENESIS_HASH = "0" * 64
PAYLOAD_VERSION = 2

# The checks verify names when one fails (codes; the pages translate them).
LINK, HASH, HMAC, PUBLISHED_HEAD = "link", "hash", "hmac", "published_head"


def key_id(key: str) -> str:
    """A short public fingerprint of a key: stored beside each HMAC so a rotated-out key still verifies."""
    return hashlib.sha256(b"portal-audit-key-id:" + key.encode("utf-8")).hexdigest()[:12]


def keyring(current: str, old: Iterable[str] = ()) -> dict[str, str]:
    """``{key id: key}`` for the current key and every old one still accepted for verification."""
    ring = {key_id(k): k for k in old if k}
    if current:
        ring[key_id(current)] = current
    return ring


# The stored columns of an event that the chain reads.
ROW_FIELDS = ("id", "seq", "created_at", "actor_id", "actor_label", "action", "target_type", "target_id",
              "target_label", "scope", "before", "after", "reason", "prev_hash", "hash", "hmac", "hmac_key_id")


def hashable(row: Mapping) -> dict:
    """A stored row as the chain reads it: the aware ``created_at`` as ISO 8601 in UTC with microseconds."""
    return {**row, "created_at": row["created_at"].astimezone(UTC).isoformat(timespec="microseconds")}


def event_payload(row: Mapping) -> dict:
    """What is hashed, from the stored values of one event (``created_at`` as an ISO string in UTC)."""
    return {
        "v": PAYLOAD_VERSION,
        "seq": row["seq"],
        "id": row["id"],
        "created_at": row["created_at"],
        "actor_id": row["actor_id"],
        "actor_label": row["actor_label"],
        "action": row["action"],
        "target_type": row["target_type"],
        "target_id": row["target_id"],
        "target_label": row["target_label"],
        "scope": row["scope"],
        "before": row["before"],
        "after": row["after"],
        "reason": row["reason"],
    }


def event_hash(prev_hash: str, row: Mapping) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event_payload(row))).encode("utf-8")).hexdigest()


def _mac(key: str, message: str) -> str:
    return hmac_lib.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def event_mac(key: str, event_hash_hex: str) -> str:
    return _mac(key, f"audit-event:{event_hash_hex}")


def head_mac(key: str, seq: int, head_hash: str) -> str:
    return _mac(key, f"audit-head:{seq}:{head_hash}")


def mac_matches(ring: Mapping[str, str], kid: str, expected: str, message_mac) -> bool:
    """True when ``expected`` is the HMAC that key ``kid`` of the ring gives; an unknown key id fails."""
    key = ring.get(kid)
    return key is not None and hmac_lib.compare_digest(message_mac(key), expected or "")


@dataclass(frozen=True)
class Failure:
    check: str  # LINK, HASH, HMAC or PUBLISHED_HEAD
    event_id: int | None
    seq: int | None
    reason: str  # a code naming the exact problem (see ``services.PROBLEMS``)


def check_event(row: Mapping, *, prev_hash: str, ring: Mapping[str, str],
                published: Mapping[int, tuple[str, ...]]) -> tuple[str, str] | None:
    """The first check one sealed event fails, as ``(check, reason)``, given the hash it must link to."""
    if row["prev_hash"] != prev_hash:
        return LINK, "prev_hash"
    if event_hash(prev_hash, row) != row["hash"]:
        return HASH, "content"
    if not mac_matches(ring, row["hmac_key_id"], row["hmac"], lambda key: event_mac(key, row["hash"])):
        return HMAC, "unknown_key" if row["hmac_key_id"] not in ring else "mac"
    if any(h != row["hash"] for h in published.get(row["seq"], ())):
        return PUBLISHED_HEAD, "published_mismatch"
    return None


@dataclass
class Walk:
    """A walk along the whole chain in ``seq`` order, fed one row at a time; stops at the first failure."""

    ring: Mapping[str, str]
    published: Mapping[int, tuple[str, ...]]  # seq -> every hash published for it (database, kept files)
    prev_hash: str = GENESIS_HASH
    last_seq: int = 0
    checked: int = 0
    failure: Failure | None = None

    def step(self, row: Mapping) -> bool:
        if row["seq"] != self.last_seq + 1:
            return self._fail(LINK, row["id"], row["seq"], "seq_gap")
        problem = check_event(row, prev_hash=self.prev_hash, ring=self.ring, published=self.published)
        if problem is not None:
            return self._fail(problem[0], row["id"], row["seq"], problem[1])
        self.prev_hash, self.last_seq = row["hash"], row["seq"]
        self.checked += 1
        return True

    def finish(self, head: Mapping | None) -> Failure | None:
        """After the last row: the chain must end exactly at the recorded (HMAC-signed) head and reach
        every published head."""
        if self.failure is not None:
            return self.failure
        head = head or {"seq": 0, "hash": GENESIS_HASH, "event_id": None}
        if head["seq"] and not mac_matches(self.ring, head["hmac_key_id"], head["hmac"],
                                           lambda key: head_mac(key, head["seq"], head["hash"])):
            self._fail(HMAC, head["event_id"], head["seq"], "head_mac")
        elif head["seq"] > self.last_seq:
            self._fail(LINK, head["event_id"], head["seq"], "truncated")
        elif (head["seq"], head["hash"]) != (self.last_seq, self.prev_hash):
            self._fail(LINK, head["event_id"], head["seq"], "head_mismatch")
        else:
            beyond = sorted(seq for seq in self.published if seq > self.last_seq)
            if beyond:
                self._fail(PUBLISHED_HEAD, None, beyond[0], "published_missing")
        return self.failure

    def _fail(self, check, event_id, seq, reason):
        self.failure = Failure(check, event_id, seq, reason)
        return False
