"""Checking the audit trail: the whole chain (``verify_audit``) or the events of one competition (its audit
page). Reads only; ``services.verify_chain`` seals first. Each failure names its check (link, hash, HMAC,
published head), the event and the exact problem."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import chain
from .keys import keyring
from .models import AuditChainHead, AuditEvent, PublishedHead

CHECK_NAMES = {
    chain.LINK: pgettext_lazy("audit check", "link"),
    chain.HASH: pgettext_lazy("audit check", "hash"),
    chain.HMAC: pgettext_lazy("audit check", "HMAC"),
    chain.PUBLISHED_HEAD: pgettext_lazy("audit check", "published head"),
}

PROBLEMS = {
    "seq_gap": _("its position does not follow the previous event's: an event before it was removed"),
    "prev_hash": _("its link to the previous event is broken: an event before it was removed, inserted or "
                   "reordered"),
    "content": _("its content does not match its hash: the row was altered"),
    "mac": _("its HMAC does not match: the row was rewritten by someone without the audit key"),
    "unknown_key": _("its HMAC was made with a key this server does not hold"),
    "head_mac": _("the HMAC of the recorded chain head does not match: the head was rewritten"),
    "truncated": _("the chain ends before its recorded head: the newest events were removed"),
    "head_mismatch": _("the recorded chain head is not the newest event: the head or the chain was rewritten"),
    "beyond_head": _("sealed events follow the recorded head: they were added behind the sealer's back"),
    "published_mismatch": _("its hash differs from the head published for its position: the chain was "
                            "rewritten after that head was published"),
    "published_missing": _("the chain is shorter than a published head: events were removed after that head "
                           "was published"),
}


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    head: str
    bad_event_id: int | None = None
    problem: str = ""
    check: str = ""  # link, hash, hmac or published_head
    seq: int | None = None

    @property
    def check_name(self):
        return CHECK_NAMES.get(self.check, "")


def _result(checked, head, failure):
    if failure is None:
        return ChainCheck(True, checked, head)
    return ChainCheck(False, checked, head, failure.event_id, PROBLEMS[failure.reason], failure.check, failure.seq)


def _published(extra=()):
    """seq -> every hash published for it: the database's list plus heads someone kept (``--heads FILE``)."""
    hashes = defaultdict(set)
    for seq, digest in [*PublishedHead.objects.values_list("seq", "hash"), *extra]:
        hashes[int(seq)].add(digest)
    return {seq: tuple(sorted(found)) for seq, found in hashes.items()}


def _head():
    head = AuditChainHead.objects.filter(pk=1).values(
        "last_seq", "last_hash", "last_event_id", "hmac", "hmac_key_id").first()
    if head is None:
        return None
    return {"seq": head["last_seq"], "hash": head["last_hash"], "event_id": head["last_event_id"],
            "hmac": head["hmac"], "hmac_key_id": head["hmac_key_id"]}


def check_chain(*, published_heads=()) -> ChainCheck:
    """Walk the whole chain in ``seq`` order up to the recorded head; stop at the first failure."""
    head = _head()
    head_seq = head["seq"] if head else 0
    walk = chain.Walk(ring=keyring(), published=_published(published_heads))
    rows = AuditEvent.objects.filter(seq__isnull=False, seq__lte=head_seq).order_by("seq").values(*chain.ROW_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        if not walk.step(chain.hashable(row)):
            break
    failure = walk.finish(head) or _beyond_head(head_seq)
    return _result(walk.checked, walk.prev_hash, failure)


def _beyond_head(head_seq):
    """Sealed events past the head read before the walk: fine if a sealer has moved the head since."""
    newest = AuditEvent.objects.filter(seq__gt=head_seq).order_by("seq").values("id", "seq").first()
    if newest is None:
        return None
    again = _head()
    if again is not None and again["seq"] > head_seq:
        return None
    return chain.Failure(chain.LINK, newest["id"], newest["seq"], "beyond_head")


def check_scope(scope: str) -> ChainCheck:
    """Check every sealed event of one scope: its hash, its HMAC, the published heads among them and its
    link to the event before it in the chain (whatever scope that one has). Costs the scope's events, not
    the whole chain; a removed event of another scope is found by ``verify_audit``."""
    ring, published = keyring(), _published()
    rows = (AuditEvent.objects.filter(scope=scope, seq__isnull=False).order_by("seq")
            .values(*chain.ROW_FIELDS).iterator(chunk_size=500))
    checked, head = 0, chain.GENESIS_HASH
    while batch := list(islice(rows, 500)):
        previous = dict(AuditEvent.objects.filter(seq__in=[r["seq"] - 1 for r in batch]).values_list("seq", "hash"))
        previous[0] = chain.GENESIS_HASH
        for row in batch:
            problem = chain.check_event(chain.hashable(row), prev_hash=previous.get(row["seq"] - 1, ""), ring=ring,
                                        published=published)
            if problem is not None:
                return _result(checked, head, chain.Failure(problem[0], row["id"], row["seq"], problem[1]))
            checked, head = checked + 1, row["hash"]
    return _result(checked, head, None)
