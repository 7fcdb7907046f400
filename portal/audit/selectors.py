"""Reads of the audit trail: per-competition events and heads, the sealer's backlog, the published heads."""

from django.utils import timezone

from .chain import GENESIS_HASH
from .models import AuditChainHead, AuditEvent, PublishedHead


def scope_of(competition_id) -> str:
    return f"competition:{competition_id}" if competition_id else ""


def events_for_scope(scope: str):
    """Every event of a scope, sealed or not, oldest first (the order they were recorded in)."""
    return AuditEvent.objects.filter(scope=scope).order_by("id")


def scope_head(scope: str) -> AuditEvent | None:
    """The newest sealed event of a scope: its hash commits to it and to everything sealed before it."""
    return (AuditEvent.objects.filter(scope=scope, seq__isnull=False).order_by("-seq")
            .only("id", "seq", "hash", "sealed_at").first())


def chain_head_for_scope(scope: str) -> str:
    """The hash of the newest sealed event of a scope (the genesis hash while it has none)."""
    event = scope_head(scope)
    return event.hash if event is not None else GENESIS_HASH


def chain_head() -> AuditChainHead:
    """The global head as the sealer left it (an unsaved empty head before the first seal)."""
    return AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(pk=1)


def unsealed_count(*, scope: str | None = None) -> int:
    events = AuditEvent.objects.filter(seq__isnull=True)
    if scope is not None:
        events = events.filter(scope=scope)
    return events.count()


def oldest_unsealed_age_seconds(*, now=None) -> float:
    """How long the oldest committed, still unsealed event has waited (0.0 when none waits): the metric
    that says the sealer is keeping up. Alert when it stays above a few sealer intervals."""
    oldest = AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list("created_at", flat=True).first()
    if oldest is None:
        return 0.0
    return max(0.0, ((now or timezone.now()) - oldest).total_seconds())


def published_heads():
    """The published heads, newest first."""
    return PublishedHead.objects.order_by("-seq")
