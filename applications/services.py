from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.errors import check_transition

from .enums import APPLICATION_TRANSITIONS


@transaction.atomic
def application_transition(*, application, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``Application.status``."""
    now = now or timezone.now()
    before = application.status
    check_transition(table=APPLICATION_TRANSITIONS, kind="application", current=before, to=to)
    application.status = to
    application.status_changed_at = now
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit.record(actor=actor, action=f"application.{to}", target=application,
                 competition_id=application.competition_id,
                 before={"status": before}, after={"status": to, **(extra_after or {})}, reason=reason)
    return application
