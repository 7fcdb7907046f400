"""Step 1, from result to project: each winner of published results becomes a Project; the official may fund a
lower amount with a reason; a winner that declines (or does not sign in time) frees its money, and the official
offers it to the next reserve of the frozen ranking, in ranking order, with the budget rule re-checked."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import members_by_organization
from applications.services import application_transition
from competitions.models import Competition
from portal import audit
from portal.errors import DomainError
from portal.notifications.services import later, notify
from portal.reference.calendar import add_working_days
from scoring.models import RankingSnapshot

from ..build import build_rows, project_years
from ..enums import COMMITTED_PROJECT_STATUSES, AgreementStatus, ProjectStatus
from ..models import Project
from .agreement import agreement_regenerate
from .transitions import StateError, agreement_transition, project_transition


def _published_snapshot(competition):
    snapshot = (RankingSnapshot.objects.filter(competition=competition, is_current=True, published_at__isnull=False)
                .first())
    if snapshot is None:
        raise DomainError(_("The results of this competition are not published."), code="results_not_published")
    return snapshot


def _create(*, competition, application, row, amount, actor, now, from_reserve=False):
    snapshot = application.snapshot or {}
    project = Project.objects.create(
        application=application, competition=competition, organization=application.organization,
        reference=f"P-{application.registration_number}", title=(application.title or "")[:300], rank=row["rank"],
        from_reserve=from_reserve, snapshot=snapshot, snapshot_sha256=application.snapshot_sha256,
        team=snapshot.get("fields", {}).get("team", ""), years=project_years(competition, snapshot),
        awarded_amount=amount, curator=None, starts_on=competition.project_starts_on,
        ends_on=competition.project_ends_on,
        sign_deadline=add_working_days(timezone.localdate(now), settings.PROJECT_SIGN_WORKING_DAYS),
        status_changed_at=now)
    build_rows(project, snapshot)
    audit.record(actor=actor, action="project.created", target=project, competition_id=competition.pk,
                 after={"application": application.registration_number, "rank": row["rank"],
                        "awarded_amount": amount, "from_reserve": from_reserve,
                        "sign_deadline": project.sign_deadline.isoformat()})
    members = members_by_organization({application.organization_id})[application.organization_id]
    notify(users=members, subject=later(_("Your project %(reference)s: the grant agreement is being prepared"),
                                        reference=project.reference),
           body=later(_("Sign the agreement by %(date)s, or tell the government body that you decline."),
                      date=project.sign_deadline.isoformat()),
           url=f"/projects/{project.pk}/")
    return project


@transaction.atomic
def projects_create_from_results(*, competition, actor, now=None):
    """Every winner of the published ranking becomes a Project (idempotent: existing ones are kept)."""
    now = now or timezone.now()
    snapshot = _published_snapshot(competition)
    winners = [r for r in snapshot.data["rows"] if r["outcome"] == ApplicationStatus.WINNER and r["awarded_amount"]]
    existing = set(Project.objects.filter(application_id__in=[r["application_id"] for r in winners])
                   .values_list("application_id", flat=True))
    applications = Application.objects.select_related("organization").in_bulk(
        [r["application_id"] for r in winners if r["application_id"] not in existing])
    return [_create(competition=competition, application=applications[r["application_id"]], row=r,
                    amount=Decimal(r["awarded_amount"]), actor=actor, now=now)
            for r in winners if r["application_id"] in applications]


def _lock(project):
    return (Project.objects.select_for_update(of=("self",))
        .select_related("competition", "organization").get(pk=project.pk))


@transaction.atomic
def project_fund_lower(*, project, amount, reason, actor):
    """Fund less than the ranking awarded, with a reason; only before the agreement is signed."""
    project = _lock(project)
    reason = (reason or "").strip()
    amount = Decimal(amount)
    if not reason:
        raise DomainError(_("Give the reason for funding a lower amount."), code="reason_required")
    if project.status not in {ProjectStatus.AWARDED, ProjectStatus.CONTRACTING}:
        raise StateError(_("The amount can change only before the agreement is signed."), code="not_contracting")
    agreement = getattr(project, "agreement", None)
    if agreement is not None and agreement.status not in {AgreementStatus.DRAFT, AgreementStatus.SENT}:
        raise StateError(_("The amount can change only before the agreement is signed."), code="already_signed")
    if not Decimal("0") < amount < project.awarded_amount:
        raise DomainError(_("The funded amount must be above zero and below the awarded amount."),
                          code="amount_out_of_range")
    before = project.amount
    project.funded_amount, project.funding_reason = amount, reason
    project.save(update_fields=["funded_amount", "funding_reason"])
    audit.record(actor=actor, action="project.funded_lower", target=project, competition_id=project.competition_id,
                 before={"amount": before}, after={"amount": amount}, reason=reason)
    if agreement is not None:
        agreement_regenerate(agreement=agreement, actor=actor)
    return project


def committed_amount(competition):
    """What the competition's projects hold now (a declined project frees its money)."""
    rows = Project.objects.filter(competition=competition, status__in=COMMITTED_PROJECT_STATUSES)
    total = Decimal("0")
    for project in rows.only("awarded_amount", "funded_amount"):
        total += project.amount
    return total


@transaction.atomic
def project_decline(*, project, reason, actor, offer_next=True, now=None):
    """The winner declines (or did not sign in time): the project is declined and, unless told otherwise, the
    grant is offered to the next reserve that fits the budget. Returns ``(project, offered_project_or_None)``."""
    now = now or timezone.now()
    project = _lock(project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), code="reason_required")
    agreement = getattr(project, "agreement", None)
    if agreement is not None and agreement.status not in {AgreementStatus.DRAFT, AgreementStatus.SENT}:
        raise StateError(_("A signed agreement cannot be declined; terminate the project instead."),
                          code="already_signed")
    project.end_reason = reason
    project.save(update_fields=["end_reason"])
    project_transition(project=project, to=ProjectStatus.DECLINED, actor=actor, reason=reason, now=now)
    if agreement is not None:
        agreement_transition(agreement=agreement, to=AgreementStatus.CANCELLED, actor=actor, reason=reason, now=now)
    offered = project_offer_next_reserve(competition=project.competition, actor=actor, now=now) if offer_next else None
    return project, offered


@transaction.atomic
def project_offer_next_reserve(*, competition, actor, now=None):
    """Offer the grant to the first reserve, in ranking order, whose requested amount fits in what the
    competition's budget still holds. None when no reserve fits (recorded in the audit trail)."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    snapshot = _published_snapshot(competition)
    free = competition.total_budget - committed_amount(competition)
    taken = set(Project.objects.filter(competition=competition).values_list("application_id", flat=True))
    reserves = sorted((r for r in snapshot.data["rows"]
                       if r["outcome"] == ApplicationStatus.RESERVE and r["application_id"] not in taken),
                      key=lambda r: r["rank"])
    skipped = []
    for row in reserves:
        amount = Decimal(row["requested_amount"])
        if amount > free:
            skipped.append({"registration_number": row["registration_number"], "requested": amount})
            continue
        application = Application.objects.select_for_update(of=("self",)).select_related("organization").get(
            pk=row["application_id"])
        if application.status != ApplicationStatus.RESERVE:
            skipped.append({"registration_number": row["registration_number"], "status": application.status})
            continue
        application.awarded_amount = amount
        application.save(update_fields=["awarded_amount", "updated_at"])
        application_transition(application=application, to=ApplicationStatus.WINNER, actor=actor, now=now,
                               reason=f"offered from the reserve (rank {row['rank']})",
                               extra_after={"awarded_amount": str(amount), "free_budget": str(free)})
        project = _create(competition=competition, application=application, row=row, amount=amount, actor=actor,
                          now=now, from_reserve=True)
        audit.record(actor=actor, action="project.reserve_offered", target=project, competition_id=competition.pk,
                     after={"rank": row["rank"], "amount": amount, "free_budget": free, "skipped": skipped})
        return project
    audit.record(actor=actor, action="project.no_reserve_fits", target=competition, competition_id=competition.pk,
                 after={"free_budget": free, "skipped": skipped})
    return None


def projects_decline_unsigned(*, today=None):
    """Beat task body: every project whose organisation did not sign by its deadline is declined and the grant
    offered to the next reserve. Returns how many were declined."""
    today = today or timezone.localdate()
    due = Project.objects.filter(status__in=[ProjectStatus.AWARDED, ProjectStatus.CONTRACTING],
                                 sign_deadline__lt=today).exclude(
        agreement__status__in=[AgreementStatus.SIGNED_BY_NGO, AgreementStatus.SIGNED_BY_BODY,
                               AgreementStatus.IN_FORCE])
    count = 0
    for project in due:
        project_decline(project=project, actor=None, reason="not signed within the deadline")
        count += 1
    return count

