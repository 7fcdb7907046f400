"""Canonical JSON: the one serialisation behind every public hash (audit chain, submission snapshots,
ranking snapshots). Pure: no Django import, so rules, selectors and calc code may all use it.

Keys sorted, no whitespace, UTF-8 kept as is; values that JSON cannot hold (Decimal, dates) become their
``str()``. Changing any of this changes every hash ever published: don't.
"""

import hashlib
import json


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_sha256(value) -> tuple[str, str]:
    """The canonical text of ``value`` and its sha256 (hex)."""
    text = canonical_json(value)
    return text, sha256_hex(text)
