from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.errors import check_transition

from .enums import ASSIGNMENT_TRANSITIONS


@transaction.atomic
def assignment_transition(*, assignment, to, actor, reason="", now=None):
    """The only writer of ``Assignment.status``."""
    now = now or timezone.now()
    before = assignment.status
    check_transition(table=ASSIGNMENT_TRANSITIONS, kind="assignment", current=before, to=to)
    assignment.status = to
    assignment.status_changed_at = now
    assignment.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"assignment.{to}", target=assignment,
                 competition_id=assignment.application.competition_id,
                 before={"status": before}, after={"status": to}, reason=reason)
    return assignment
