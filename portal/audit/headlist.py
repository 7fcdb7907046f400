"""The published head list as files anyone can download and keep (JSON and plain text), and reading such a
file back for ``verify_audit --heads FILE``. Pure: no Django.

Text format, one head per line, oldest first, ``#`` starts a comment::

    # <published at, UTC ISO 8601> <position in the chain> <sha256 of the event at that position>
    2026-03-02T19:05:00+00:00 1532 9f2c...e41a
"""

import json
import re
from collections.abc import Iterable, Mapping

FORMAT = "portal-audit-heads/1"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class HeadListError(ValueError):
    pass


def as_json(heads: Iterable[Mapping], *, generated_at: str, site: str) -> str:
    return json.dumps({
        "format": FORMAT,
        "site": site,
        "generated_at": generated_at,
        "heads": [{"seq": h["seq"], "hash": h["hash"], "published_at": h["published_at"]} for h in heads],
    }, ensure_ascii=False, indent=1) + "\n"


def as_text(heads: Iterable[Mapping], *, generated_at: str, site: str) -> str:
    lines = [f"# {FORMAT} {site} generated {generated_at}",
             "# <published at, UTC> <position in the chain> <sha256 of the event at that position>"]
    lines += [f"{h['published_at']} {h['seq']} {h['hash']}" for h in heads]
    return "\n".join(lines) + "\n"


def parse(text: str) -> list[tuple[int, str]]:
    """(seq, hash) pairs from a kept list in either format; a malformed file raises ``HeadListError``."""
    if text.lstrip().startswith("{"):
        try:
            heads = json.loads(text)["heads"]
            pairs = [(int(h["seq"]), str(h["hash"])) for h in heads]
        except (ValueError, KeyError, TypeError) as error:
            raise HeadListError(f"not a head list in JSON: {error}") from error
    else:
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 3 or not parts[1].isdigit():
                raise HeadListError(f"line {number}: expected '<published at> <position> <hash>'")
            pairs.append((int(parts[1]), parts[2]))
    for seq, digest in pairs:
        if seq < 1 or not HEX64.match(digest):
            raise HeadListError(f"head {seq}: position must be 1 or more and the hash 64 hex digits")
    return pairs
