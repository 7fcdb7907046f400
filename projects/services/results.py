"""A winner that loses after an upheld appeal: when results are re-published (the hook of ``projects.hooks``) and
a project's application is no longer a winner, the project is cancelled with a system reason if its agreement is
not yet in force (audited, the organisation told); once in force, nothing about its money is touched: the
project is flagged for the official (``lost_in_results_at``), who decides (terminate with an amount to recover,
or keep it)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.selectors import members_by_organization
from competitions.selectors import officials_of
from portal import audit
from portal.audit.phrases import system_reason
from portal.notifications.services import later, notify

from ..enums import AgreementStatus, ProjectStatus
from ..models import Project
from .transitions import agreement_transition, project_transition

BEFORE_FORCE = (ProjectStatus.AWARDED, ProjectStatus.CONTRACTING)
IN_FORCE = (ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING, ProjectStatus.EVALUATING)


@transaction.atomic
def projects_follow_results(*, competition, snapshot_number, actor, now=None):
    """Returns ``(cancelled, flagged)``: the projects cancelled and those flagged for the official."""
    now = now or timezone.now()
    lost = list(Project.objects.select_for_update(of=("self",)).select_related("application", "competition")
                .filter(competition=competition, status__in=BEFORE_FORCE + IN_FORCE)
                .exclude(application__status=ApplicationStatus.WINNER))
    reason = system_reason("no_longer_winner", number=snapshot_number)
    cancelled, flagged = [], []
    for project in lost:
        if project.status in BEFORE_FORCE:
            agreement = getattr(project, "agreement", None)
            if agreement is not None and agreement.status != AgreementStatus.CANCELLED:
                agreement_transition(agreement=agreement, to=AgreementStatus.CANCELLED, actor=actor, reason=reason,
                                     now=now)
            project.end_reason = reason
            project.save(update_fields=["end_reason"])
            project_transition(project=project, to=ProjectStatus.CANCELLED, actor=actor, reason=reason, now=now,
                               extra_after={"application_status": project.application.status})
            members = members_by_organization({project.organization_id})[project.organization_id]
            notify(users=members, subject=later(_("Project %(reference)s is cancelled"), reference=project.reference),
                   body=later(_("After an appeal the results were re-published and your application is no longer "
                                "a winner.")), url=f"/projects/{project.pk}/")
            cancelled.append(project)
        elif project.lost_in_results_at is None:
            project.lost_in_results_at = now
            project.save(update_fields=["lost_in_results_at"])
            audit.record(actor=actor, action="project.lost_in_results", target=project,
                         competition_id=competition.pk, after={"application_status": project.application.status,
                                                               "status": project.status}, reason=reason)
            notify(users=officials_of(competition),
                   subject=later(_("Project %(reference)s: no longer a winner, its agreement is in force"),
                                 reference=project.reference),
                   body=later(_("Decide whether to terminate it (with an amount to recover) or to keep it.")),
                   url=f"/projects/{project.pk}/")
            flagged.append(project)
    return cancelled, flagged
