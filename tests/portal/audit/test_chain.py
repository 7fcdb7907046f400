"""The pure arithmetic of the chain (``portal/audit/chain.py``): no database."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal.audit import chain as ch

KEY, OLD_KEY = "k" * 40, "o" * 40


def _row(seq, prev_hash, *, key=KEY, content=None, **changes):
    """A sealed row; ``content`` changes what is hashed, ``changes`` tamper with the row afterwards."""
    row = {"id": 100 + seq, "seq": seq, "created_at": "2026-03-01T10:00:00.000001+00:00", "actor_id": 7,
           "actor_label": "official@example.kz", "action": "competition.published",
           "target_type": "competitions.competition", "target_id": "3", "target_label": "SZ-2026-0003",
           "scope": "competition:3", "before": {"status": "draft"},
           "after": {"status": "published"}, "reason": "", "prev_hash": prev_hash, **(content or {})}
    row["hash"] = ch.event_hash(prev_hash, row)
    row["hmac"], row["hmac_key_id"] = ch.event_mac(key, row["hash"]), ch.key_id(key)
    row.update(changes)
    return row


def _chain(n, *, key=KEY):
    rows, prev = [], ch.GENESIS_HASH
    for seq in range(1, n + 1):
        rows.append(_row(seq, prev, key=key))
        prev = rows[-1]["hash"]
    return rows


def _head(rows, key=KEY):
    last = rows[-1]
    return {"seq": last["seq"], "hash": last["hash"], "event_id": last["id"],
            "hmac": ch.head_mac(key, last["seq"], last["hash"]), "hmac_key_id": ch.key_id(key)}


def _walk(rows, head, *, ring=None, published=None):
    walk = ch.Walk(ring=ring or ch.keyring(KEY), published=published or {})
    for row in rows:
        if not walk.step(row):
            break
    return walk, walk.finish(head)


def test_hash_is_sha256_of_prev_hash_and_canonical_payload():
    row = _row(1, ch.GENESIS_HASH)
    import hashlib  # noqa: PLC0415 - the test restates the rule with the standard library alone

    text = ('{"action":"competition.published","actor_id":7,"actor_label":"official@example.kz",'
            '"after":{"status":"published"},"before":{"status":"draft"},'
            '"created_at":"2026-03-01T10:00:00.000001+00:00","id":101,"reason":"","scope":"competition:3",'
            '"seq":1,"target_id":"3","target_label":"SZ-2026-0003","target_type":"competitions.competition","v":2}')
    assert row["hash"] == hashlib.sha256((ch.GENESIS_HASH + text).encode()).hexdigest()


def test_the_hash_covers_every_frozen_value_and_the_position():
    base = _row(1, ch.GENESIS_HASH)
    for field, value in [("seq", 2), ("id", 1), ("actor_id", None), ("actor_label", "x"), ("action", "y"),
                         ("target_type", "z"), ("target_id", "4"), ("target_label", "w"), ("scope", ""),
                         ("before", {}), ("after", {}), ("reason", "r"), ("created_at", "2026-03-01T10:00:00+00:00")]:
        assert ch.event_hash(ch.GENESIS_HASH, {**base, field: value}) != base["hash"], field


def test_hashable_writes_the_time_in_utc_with_microseconds():
    almaty = timezone(timedelta(hours=5))
    row = ch.hashable({"created_at": datetime(2026, 3, 1, 15, 0, tzinfo=almaty)})
    assert row["created_at"] == "2026-03-01T10:00:00.000000+00:00"
    assert ch.hashable({"created_at": datetime(2026, 3, 1, 10, 0, tzinfo=UTC)}) == row


def test_key_ids_are_stable_short_and_distinct():
    assert ch.key_id(KEY) == ch.key_id(KEY) and len(ch.key_id(KEY)) == 12
    assert ch.key_id(KEY) != ch.key_id(OLD_KEY)
    assert ch.keyring(KEY, [OLD_KEY, ""]) == {ch.key_id(KEY): KEY, ch.key_id(OLD_KEY): OLD_KEY}
    assert ch.keyring("", []) == {}


def test_event_and_head_macs_are_domain_separated():
    digest = "a" * 64
    assert ch.event_mac(KEY, digest) != ch.head_mac(KEY, 1, digest)
    assert ch.event_mac(KEY, digest) != ch.event_mac(OLD_KEY, digest)


def test_an_intact_chain_walks_to_its_head():
    rows = _chain(4)
    walk, failure = _walk(rows, _head(rows))
    assert failure is None and walk.checked == 4 and walk.prev_hash == rows[-1]["hash"]


def test_empty_chain_without_head_is_intact():
    walk, failure = _walk([], None)
    assert failure is None and walk.checked == 0 and walk.prev_hash == ch.GENESIS_HASH


@pytest.mark.parametrize(("tamper", "expected"), [
    (lambda rows: rows.__setitem__(1, {**rows[1], "reason": "edited"}), (ch.HASH, "content", 102)),
    (lambda rows: rows.pop(1), (ch.LINK, "seq_gap", 103)),
    (lambda rows: rows.__setitem__(1, {**rows[1], "prev_hash": "f" * 64}), (ch.LINK, "prev_hash", 102)),
    (lambda rows: rows.__setitem__(1, {**rows[1], "hmac": "0" * 64}), (ch.HMAC, "mac", 102)),
    (lambda rows: rows.__setitem__(1, {**rows[1], "hmac_key_id": "unknown"}), (ch.HMAC, "unknown_key", 102)),
])
def test_each_tampering_names_its_check_and_event(tamper, expected):
    rows = _chain(4)
    head = _head(rows)
    tamper(rows)
    walk, failure = _walk(rows, head)
    assert (failure.check, failure.reason, failure.event_id) == expected
    assert walk.checked == 1


def test_a_rehashed_row_without_the_key_fails_its_hmac():
    rows = _chain(3)
    edited = {**rows[1], "reason": "edited"}
    edited["hash"] = ch.event_hash(edited["prev_hash"], edited)
    rows[1] = edited
    _walk_, failure = _walk(rows, _head(rows))
    assert (failure.check, failure.event_id) == (ch.HMAC, 102)


def test_truncation_is_found_by_the_signed_head():
    rows = _chain(4)
    head = _head(rows)
    _walk_, failure = _walk(rows[:3], head)
    assert (failure.check, failure.reason, failure.event_id, failure.seq) == (ch.LINK, "truncated", 104, 4)
    _walk_, failure = _walk(rows[:3], {**_head(rows[:3]), "hmac": "0" * 64})
    assert (failure.check, failure.reason) == (ch.HMAC, "head_mac")


def test_a_head_that_is_not_the_end_of_the_chain_is_named():
    rows = _chain(3)
    _walk_, failure = _walk(rows, {**_head(rows), "hash": "b" * 64, "hmac": ch.head_mac(KEY, 3, "b" * 64)})
    assert (failure.check, failure.reason) == (ch.LINK, "head_mismatch")


def test_published_heads_catch_a_rewrite_made_with_the_key():
    original = _chain(3)
    rewritten = _chain(3)
    rewritten[0] = _row(1, ch.GENESIS_HASH, content={"reason": "rewritten"})
    rewritten[1] = _row(2, rewritten[0]["hash"])
    rewritten[2] = _row(3, rewritten[1]["hash"])
    published = {2: (original[1]["hash"],)}
    _walk_, failure = _walk(rewritten, _head(rewritten), published=published)
    assert (failure.check, failure.reason, failure.seq) == (ch.PUBLISHED_HEAD, "published_mismatch", 2)
    _walk_, failure = _walk(original[:2], _head(original[:2]), published={3: (original[2]["hash"],)})
    assert (failure.check, failure.reason, failure.seq) == (ch.PUBLISHED_HEAD, "published_missing", 3)


def test_a_rotated_out_key_still_verifies_when_kept():
    old_rows = _chain(2, key=OLD_KEY)
    new_row = _row(3, old_rows[-1]["hash"], key=KEY)
    rows = [*old_rows, new_row]
    _walk_, failure = _walk(rows, _head(rows), ring=ch.keyring(KEY, [OLD_KEY]))
    assert failure is None
    _walk_, failure = _walk(rows, _head(rows), ring=ch.keyring(KEY))
    assert (failure.check, failure.reason, failure.event_id) == (ch.HMAC, "unknown_key", 101)
