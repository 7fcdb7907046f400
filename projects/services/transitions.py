"""The one writer of each status field of the projects app: table check, time stamp, audit row."""

from django.utils import timezone

from portal import audit
from portal.errors import DomainError, check_transition

from ..enums import AGREEMENT_TRANSITIONS, PROJECT_TRANSITIONS, TRANCHE_TRANSITIONS, AgreementStatus
from ..publication import announce_change


class StateError(DomainError):
    """The action does not fit the present state of the project, agreement, tranche or report: 409."""

    status_code = 409


AGREEMENT_STAMPS = {
    AgreementStatus.SENT: "sent_at",
    AgreementStatus.SIGNED_BY_NGO: "signed_by_ngo_at",
    AgreementStatus.SIGNED_BY_BODY: "signed_by_body_at",
    AgreementStatus.IN_FORCE: "in_force_at",
}


def project_transition(*, project, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``Project.status``."""
    now = now or timezone.now()
    before = project.status
    check_transition(table=PROJECT_TRANSITIONS, kind="project", current=before, to=to)
    project.status = to
    project.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if to in {"closed", "terminated"}:
        project.closed_at = now
        fields.append("closed_at")
    project.save(update_fields=fields)
    audit.record(actor=actor, action=f"project.{to}", target=project, competition_id=project.competition_id,
                 before={"status": before}, after={"status": to, **(extra_after or {})}, reason=reason)
    announce_change(project=project, kind="project", to=to)
    return project


def agreement_transition(*, agreement, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``Agreement.status``."""
    now = now or timezone.now()
    before = agreement.status
    check_transition(table=AGREEMENT_TRANSITIONS, kind="agreement", current=before, to=to)
    agreement.status = to
    agreement.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if to in AGREEMENT_STAMPS:
        setattr(agreement, AGREEMENT_STAMPS[to], now)
        fields.append(AGREEMENT_STAMPS[to])
    agreement.save(update_fields=fields)
    audit.record(actor=actor, action=f"agreement.{to}", target=agreement,
                 competition_id=agreement.project.competition_id, before={"status": before},
                 after={"status": to, **(extra_after or {})}, reason=reason)
    announce_change(project=agreement.project, kind="agreement", to=to)
    return agreement


def tranche_transition(*, tranche, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``Tranche.status``."""
    now = now or timezone.now()
    before = tranche.status
    check_transition(table=TRANCHE_TRANSITIONS, kind="tranche", current=before, to=to)
    tranche.status = to
    tranche.status_changed_at = now
    tranche.save(update_fields=["status", "status_changed_at", "payment_order_number", "payment_order_date",
                                "withheld_reason", "approved_by"])
    audit.record(actor=actor, action=f"tranche.{to}", target=tranche,
                 competition_id=tranche.project.competition_id, before={"status": before},
                 after={"status": to, "amount": tranche.amount, **(extra_after or {})}, reason=reason)
    announce_change(project=tranche.project, kind="tranche", to=to)
    return tranche
