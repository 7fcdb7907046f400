"""Writes of appeals: an applicant files one within the window; an official decides it with reasons (an
upheld appeal may reopen evaluations: the competition goes back under review and is ranked again)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.enums import OUTCOMES
from applications.models import Application
from applications.selectors import members_by_organization
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from competitions.selectors import officials_of
from competitions.services import competition_transition
from portal import audit
from portal.audit.phrases import system_reason
from portal.errors import DomainError
from portal.notifications.services import notify

from ..enums import AppealStatus, AssignmentStatus
from ..evaluation.services import evaluation_reopen
from ..models import Appeal, Assignment
from .deadline import appeal_deadline


@transaction.atomic
def appeal_file(*, application, reason, actor, now=None):
    """An applicant appeals its outcome within the window (working days after publication)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Explain why you appeal."), code="reason_required")
    application = Application.objects.select_for_update().select_related("competition").get(pk=application.pk)
    competition = application.competition
    if competition.status != CompetitionStatus.RESULTS_PUBLISHED or application.status not in OUTCOMES:
        raise DomainError(_("An appeal can be filed only after the results are published."), code="not_published")
    deadline = appeal_deadline(competition)
    if timezone.localdate(now) > deadline:
        raise DomainError(_("The appeal window closed on %(date)s.") % {"date": deadline.strftime("%d.%m.%Y")},
                          code="window_closed")
    if Appeal.objects.filter(application=application, status=AppealStatus.PENDING).exists():
        raise DomainError(_("An appeal of this application is already awaiting a decision."), code="already_pending")
    appeal = Appeal.objects.create(application=application, filed_by=actor, reason=reason, filed_at=now)
    audit.record(actor=actor, action="appeal.filed", target=appeal, competition_id=competition.pk,
                 after={"application": application.registration_number, "outcome": application.status},
                 reason=reason)
    notify(users=officials_of(competition),
           subject=format_lazy(gettext_lazy("Appeal filed: {number}"), number=application.registration_number),
           body=format_lazy(gettext_lazy("An appeal against the results of {reference} awaits your decision."),
                            reference=competition.reference),
           url=f"/manage/ranking/{competition.reference}/appeals/{appeal.pk}/")
    return appeal


@transaction.atomic
def appeal_decide(*, appeal, decision, reasoning, actor, reopen_assignment_ids=(), now=None):
    """The official's reasoned decision. Upheld with evaluations to reopen: results go back under review;
    once re-scored the ranking is frozen again (a new snapshot) and re-published."""
    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update().select_related("application__competition").get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise DomainError(_("This appeal has already been decided."), code="already_decided")
    if decision not in (AppealStatus.UPHELD, AppealStatus.DISMISSED):
        raise DomainError(_("Choose: upheld or dismissed."), code="bad_decision")
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise DomainError(_("Give the reasoning for the decision."), code="reasoning_required")
    reopen_ids = sorted({int(pk) for pk in reopen_assignment_ids or ()})
    if reopen_ids and decision != AppealStatus.UPHELD:
        raise DomainError(_("Evaluations can be reopened only when the appeal is upheld."), code="reopen_not_upheld")
    application = appeal.application
    assignments = list(Assignment.objects.select_related("application").filter(
        application=application, pk__in=reopen_ids, status=AssignmentStatus.SUBMITTED))
    if len(assignments) != len(reopen_ids):
        raise DomainError(_("Only submitted evaluations of this application can be reopened."), code="bad_assignment")
    appeal.status, appeal.reasoning, appeal.decided_by, appeal.decided_at = decision, reasoning, actor, now
    appeal.save(update_fields=["status", "reasoning", "decided_by", "decided_at"])
    audit.record(actor=actor, action=f"appeal.{decision}", target=appeal, competition_id=application.competition_id,
                 before={"status": AppealStatus.PENDING},
                 after={"status": decision, "reopened_assignments": reopen_ids}, reason=reasoning)
    if assignments:
        competition = Competition.objects.select_for_update().get(pk=application.competition_id)
        if competition.status in (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.RANKED):
            competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=actor,
                                   reason=system_reason("appeal_upheld", appeal=appeal.pk, reasoning=reasoning),
                                   now=now)
        elif competition.status != CompetitionStatus.UNDER_REVIEW:
            raise DomainError(_("The competition is no longer open to re-evaluation."), code="not_reopenable")
        for assignment in assignments:
            evaluation_reopen(assignment=assignment, actor=actor,
                              reason=system_reason("appeal_upheld", appeal=appeal.pk, reasoning=reasoning))
    notify(users=members_by_organization([application.organization_id])[application.organization_id],
           subject=format_lazy(gettext_lazy("Decision on your appeal: {number}"),
                               number=application.registration_number),
           body=format_lazy(gettext_lazy("Your appeal was {decision}. Reasoning: {reasoning}"),
                            decision=AppealStatus(appeal.status).label, reasoning=reasoning),
           url=f"/applications/{application.pk}/results/")
    return appeal
