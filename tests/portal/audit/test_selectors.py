from datetime import timedelta

import pytest
from django.utils import timezone

from portal import audit
from portal.audit.chain import GENESIS_HASH
from portal.audit.models import AuditEvent
from portal.audit.selectors import (
    chain_head,
    chain_head_for_scope,
    events_for_scope,
    oldest_unsealed_age_seconds,
    scope_head,
    unsealed_count,
)
from portal.audit.services import audit_seal

pytestmark = pytest.mark.django_db


def test_the_head_of_a_competition_is_its_newest_sealed_event(chain):
    assert chain_head_for_scope(chain[0].scope) == chain[3].hash
    assert chain_head_for_scope(chain[1].scope) == chain[4].hash
    assert chain_head_for_scope("competition:999999") == GENESIS_HASH
    competition_id = int(chain[0].scope.split(":")[1])
    audit.record(actor=None, action="test.pending", competition_id=competition_id)
    assert scope_head(chain[0].scope).pk == chain[3].pk  # unsealed events are not heads yet
    assert unsealed_count(scope=chain[0].scope) == 1 and unsealed_count(scope=chain[1].scope) == 0
    assert [e.action for e in events_for_scope(chain[0].scope)][-1] == "test.pending"


def test_the_global_head_before_and_after_sealing(db):
    assert chain_head().last_seq == 0 and chain_head().last_hash == GENESIS_HASH
    audit.record(actor=None, action="test.event")
    audit_seal()
    assert chain_head().last_seq == 1


def test_oldest_unsealed_age_is_the_metric_of_the_sealer_backlog(db):
    now = timezone.now()
    assert oldest_unsealed_age_seconds(now=now) == 0.0
    first = audit.record(actor=None, action="test.old")
    audit.record(actor=None, action="test.new")
    AuditEvent.objects.filter(pk=first.pk).update(created_at=now - timedelta(seconds=42))
    assert oldest_unsealed_age_seconds(now=now) == 42.0
    audit_seal()
    assert oldest_unsealed_age_seconds(now=now) == 0.0
