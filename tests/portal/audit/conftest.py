import pytest

from portal import audit
from portal.audit import chain as ch
from portal.audit.models import AuditEvent
from portal.audit.services import audit_seal
from tests import factories as f


@pytest.fixture
def chain(db):
    """Five sealed events on two competitions, by a person and by the system."""
    actor = f.UserFactory(email="secretary@example.kz")
    first, second = f.CompetitionFactory(), f.CompetitionFactory()
    events = [
        audit.record(actor=actor, action="competition.published", target=first, competition_id=first.pk,
                     before={"status": "draft"}, after={"status": "published"}),
        audit.record(actor=actor, action="competition.published", target=second, competition_id=second.pk,
                     before={"status": "draft"}, after={"status": "published"}),
        audit.record(actor=None, action="competition.closed", target=first, competition_id=first.pk,
                     before={"status": "published"}, after={"status": "closed"}, reason="deadline reached"),
        audit.record(actor=actor, action="competition.under_review", target=first, competition_id=first.pk,
                     before={"status": "closed"}, after={"status": "under_review"}),
        audit.record(actor=actor, action="competition.cancelled", target=second, competition_id=second.pk,
                     before={"status": "published"}, after={"status": "cancelled"}, reason="Budget withdrawn"),
    ]
    audit_seal()
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def stored_row(event_id):
    return ch.hashable(AuditEvent.objects.filter(pk=event_id).values(*ch.ROW_FIELDS).get())


def rehash(event_id, *, key=None):
    """What someone with database access does after editing a row: recompute its hash from its own
    prev_hash (and, holding ``key``, its HMAC)."""
    row = stored_row(event_id)
    digest = ch.event_hash(row["prev_hash"], row)
    values = {"hash": digest}
    if key is not None:
        values.update(hmac=ch.event_mac(key, digest), hmac_key_id=ch.key_id(key))
    AuditEvent.objects.filter(pk=event_id).update(**values)
    return digest
