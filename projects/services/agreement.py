"""Step 2, the agreement: generated from the project and the competition's terms (a frozen version with its
sha256, one PDF in Kazakh then Russian rendered by the worker through the outbox), sent, signed by the
organisation and the body (the EDS signature attaches in ``_attach_signature``, required when
``SIGNATURE_REQUIRED["agreement"]``), in force; amendments requested, approved (a new version) or refused,
with reasons."""

import hashlib
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.selectors import members_by_organization
from portal import audit
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify, outbox_enqueue_task
from portal.signatures.enums import SignatureKind
from portal.signatures.selectors import valid_signature
from portal.signatures.services import signature_attach, signing_required

from .. import calc
from ..enums import (
    AMENDMENT_TRANSITIONS,
    AgreementStatus,
    AmendmentKind,
    AmendmentStatus,
    ProjectStatus,
    RenderStatus,
    TrancheSchedule,
)
from ..models import Agreement, AgreementVersion, Amendment, Project, ProjectBudgetLine
from ..render import agreement_pdf
from ..terms import agreement_content, default_schedule
from .revision_gate import revision_problem
from .schedule import schedule_create
from .transitions import StateError, agreement_transition, project_transition


def _version_create(*, agreement, actor, amendment=None):
    """A new current version of ``agreement`` from the project as it stands; its PDFs are queued."""
    project = agreement.project
    number = (agreement.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    content, sha256 = agreement_content(project, number=agreement.number, schedule=agreement.schedule)
    agreement.versions.filter(is_current=True).update(is_current=False)
    version = AgreementVersion.objects.create(agreement=agreement, number=number, content=content, sha256=sha256,
                                              is_current=True, created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="agreement.version", target=agreement,
                 competition_id=project.competition_id, after={"version": number, "sha256": sha256,
                                                               "amendment": amendment.pk if amendment else None})
    outbox_enqueue_task(task="projects.render_agreement", kwargs={"version_id": version.pk})
    return version


def current_version(agreement):
    return agreement.versions.filter(is_current=True).first()


@transaction.atomic
def agreement_create(*, project, actor, schedule=None):
    """The draft agreement of an awarded project (awarded -> contracting)."""
    project = Project.objects.select_for_update(of=("self",)).select_related("competition__body", "organization").get(
        pk=project.pk)
    if project.status != ProjectStatus.AWARDED:
        raise StateError(_("An agreement is drawn up once, for an awarded project."), code="not_awarded")
    schedule = schedule or default_schedule(project)
    if schedule not in TrancheSchedule.values or (schedule == TrancheSchedule.PER_YEAR and not project.is_multi_year):
        raise DomainError(_("Choose a tranche schedule that fits the project."), code="bad_schedule")
    if refusal := revision_problem(project):
        raise refusal
    agreement = Agreement.objects.create(project=project, number=f"{project.reference}/GA", schedule=schedule)
    audit.record(actor=actor, action="agreement.created", target=agreement, competition_id=project.competition_id,
                 after={"number": agreement.number, "schedule": schedule})
    project_transition(project=project, to=ProjectStatus.CONTRACTING, actor=actor)
    _version_create(agreement=agreement, actor=actor)
    return agreement


def agreement_regenerate(*, agreement, actor):
    """A new version of a draft or sent agreement after the project changed (a lower amount); a sent one goes
    back to draft, to be sent again."""
    if agreement.status == AgreementStatus.SENT:
        agreement_transition(agreement=agreement, to=AgreementStatus.DRAFT, actor=actor, reason="project changed")
    return _version_create(agreement=agreement, actor=actor)


def _lock(agreement):
    return Agreement.objects.select_for_update(of=("self",)).select_related(
        "project__competition__body", "project__organization").get(pk=agreement.pk)


@transaction.atomic
def agreement_send(*, agreement, actor):
    agreement = _lock(agreement)
    if refusal := revision_problem(agreement.project):
        raise refusal
    agreement_transition(agreement=agreement, to=AgreementStatus.SENT, actor=actor,
                         extra_after={"sha256": current_version(agreement).sha256})
    project = agreement.project
    notify(users=members_by_organization({project.organization_id})[project.organization_id],
           subject=later(_("The grant agreement %(number)s is ready to sign"), number=agreement.number),
           body=later(_("Read and sign the agreement by %(date)s."), date=project.sign_deadline.isoformat()
                      if project.sign_deadline else "-"),
           url=f"/projects/{project.pk}/")
    return agreement


def _attach_signature(*, agreement, signature, actor, expected_bin):
    """The one place an EDS signature of the agreement is attached ([2.6]): over the current version's sha256,
    by a certificate of ``expected_bin``. Required only when ``SIGNATURE_REQUIRED["agreement"]``."""
    sha256 = current_version(agreement).sha256
    if signature and signature.get("cms"):
        signature_attach(target=agreement, kind=SignatureKind.AGREEMENT, document_sha256=sha256,
                         cms=signature["cms"], actor=actor, expected_bin=expected_bin)  # SignatureRefused: 400
    if signing_required(SignatureKind.AGREEMENT) and not valid_signature(
            agreement, kind=SignatureKind.AGREEMENT, document_sha256=sha256):
        raise DomainError(_("Sign the agreement with the EDS (NCALayer) first."), code="signature_required")
    return sha256


@transaction.atomic
def agreement_sign_ngo(*, agreement, actor, signature=None):
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.SENT:
        raise StateError(_("Only an agreement sent to the organisation can be signed by it."), code="not_sent")
    sha256 = _attach_signature(agreement=agreement, signature=signature, actor=actor,
                               expected_bin=agreement.project.organization.bin)
    return agreement_transition(agreement=agreement, to=AgreementStatus.SIGNED_BY_NGO, actor=actor,
                                extra_after={"sha256": sha256})


@transaction.atomic
def agreement_sign_body(*, agreement, actor, signature=None, now=None):
    """The body signs; the agreement enters into force at once (tranches and the reporting calendar are made)."""
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.SIGNED_BY_NGO:
        raise StateError(_("The organisation signs first."), code="not_signed_by_ngo")
    sha256 = _attach_signature(agreement=agreement, signature=signature, actor=actor,
                               expected_bin=agreement.project.competition.body.bin)
    agreement_transition(agreement=agreement, to=AgreementStatus.SIGNED_BY_BODY, actor=actor, now=now,
                         extra_after={"sha256": sha256})
    return agreement_into_force(agreement=agreement, actor=actor, now=now)


@transaction.atomic
def agreement_into_force(*, agreement, actor, now=None):
    agreement = _lock(agreement)
    version = current_version(agreement)
    agreement_transition(agreement=agreement, to=AgreementStatus.IN_FORCE, actor=actor, now=now,
                         extra_after={"version": version.number, "sha256": version.sha256})
    project = agreement.project
    project_transition(project=project, to=ProjectStatus.IN_PROGRESS, actor=actor, now=now)
    schedule_create(project=project, content=version.content, actor=actor)
    return agreement


# -------------------------------------------------------------------------------------------- amendments

def _amendment_problems(agreement, kind, changes):
    project = agreement.project
    if kind == AmendmentKind.BUDGET_MOVE:
        moves = changes.get("moves") or {}
        if not isinstance(moves, dict) or not moves:
            return [("moves", "empty")]
        try:
            moves = {int(k): Decimal(str(v)) for k, v in moves.items()}
        except (ValueError, ArithmeticError):
            return [("moves", "invalid")]
        lines = dict(project.budget_lines.values_list("pk", "amount"))
        return calc.line_move_problems(lines, moves, agreement.budget_move_percent)
    if kind == AmendmentKind.DATES:
        try:
            ends_on = date.fromisoformat(str(changes.get("ends_on")))
        except ValueError:
            return [("ends_on", "invalid")]
        if project.starts_on and ends_on <= project.starts_on:
            return [("ends_on", "before_start")]
        return []
    return [("kind", "unknown")]


PROBLEM_TEXT = {
    "unknown_line": _("This budget line is not in the project."),
    "negative": _("A budget line cannot go below zero."),
    "over_limit": _("The change is larger than the share of the line that may be moved."),
    "not_balanced": _("Money moved out of lines must equal money moved into lines."),
    "empty": _("Say which lines change and by how much."),
    "invalid": _("Enter valid values."),
    "before_start": _("The project must end after it starts."),
    "unknown": _("Unknown kind of amendment."),
}


class AmendmentRefused(DomainError):
    """``codes``: (field, code) pairs; ``problems``: (field, message) pairs, as the API shows them."""

    def __init__(self, codes):
        self.codes = codes
        self.problems = [(field, PROBLEM_TEXT[code]) for field, code in codes]
        super().__init__("; ".join(f"{field}: {message}" if field else str(message)
                                   for field, message in self.problems), code=codes[0][1])


@transaction.atomic
def amendment_request(*, agreement, kind, changes, reason, actor, now=None):
    agreement = _lock(agreement)
    reason = (reason or "").strip()
    if agreement.status != AgreementStatus.IN_FORCE:
        raise StateError(_("Only an agreement in force can be amended."), code="not_in_force")
    if not reason:
        raise DomainError(_("Give the reason for the amendment."), code="reason_required")
    problems = _amendment_problems(agreement, kind, changes or {})
    if problems:
        raise AmendmentRefused(problems)
    amendment = Amendment.objects.create(agreement=agreement, kind=kind, changes=changes, reason=reason,
                                         requested_by=actor, requested_at=now or timezone.now())
    audit.record(actor=actor, action="amendment.requested", target=amendment,
                 competition_id=agreement.project.competition_id, after={"kind": kind, "changes": changes},
                 reason=reason)
    return amendment


def _amendment_decide(amendment, *, to, actor, reason, now):
    check_transition(table=AMENDMENT_TRANSITIONS, kind="amendment", current=amendment.status, to=to)
    before = amendment.status
    amendment.status, amendment.decided_by, amendment.decided_at = to, actor, now
    amendment.decision_reason = reason
    amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "version"])
    audit.record(actor=actor, action=f"amendment.{to}", target=amendment,
                 competition_id=amendment.agreement.project.competition_id, before={"status": before},
                 after={"status": to, "version": amendment.version.number if amendment.version else None},
                 reason=reason)


@transaction.atomic
def amendment_approve(*, amendment, actor, reason="", now=None):
    """Apply the change and keep it as a new agreement version (the only writer of an approved amendment)."""
    now = now or timezone.now()
    amendment = (Amendment.objects.select_for_update(of=("self",))
        .select_related("agreement__project").get(pk=amendment.pk))
    agreement = amendment.agreement
    if amendment.status != AmendmentStatus.REQUESTED:
        raise StateError(_("This amendment is already decided."), code="already_decided")
    problems = _amendment_problems(agreement, amendment.kind, amendment.changes)
    if problems:
        raise AmendmentRefused(problems)
    project = agreement.project
    if amendment.kind == AmendmentKind.BUDGET_MOVE:
        for line_id, change in amendment.changes["moves"].items():
            line = ProjectBudgetLine.objects.select_for_update().get(pk=int(line_id), project=project)
            line.amount = calc.cents(line.amount + Decimal(str(change)))
            line.save(update_fields=["amount"])
    else:
        project.ends_on = date.fromisoformat(amendment.changes["ends_on"])
        project.save(update_fields=["ends_on"])
    amendment.version = _version_create(agreement=agreement, actor=actor, amendment=amendment)
    _amendment_decide(amendment, to=AmendmentStatus.APPROVED, actor=actor, reason=reason, now=now)
    return amendment


@transaction.atomic
def amendment_refuse(*, amendment, actor, reason, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for refusing."), code="reason_required")
    amendment = (Amendment.objects.select_for_update(of=("self",))
        .select_related("agreement__project").get(pk=amendment.pk))
    if amendment.status != AmendmentStatus.REQUESTED:
        raise StateError(_("This amendment is already decided."), code="already_decided")
    _amendment_decide(amendment, to=AmendmentStatus.REFUSED, actor=actor, reason=reason, now=now or timezone.now())
    return amendment


# ---------------------------------------------------------------------------------------------- the PDFs

def agreement_render(*, version_id):
    """Render the PDF of one version, Kazakh then Russian in one file (the worker's job; idempotent: a finished
    version is kept)."""
    version = AgreementVersion.objects.select_related("agreement").filter(pk=version_id).first()
    if version is None or version.render_status == RenderStatus.DONE:
        return version
    try:
        data = agreement_pdf(version)
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the official, the job is not retried
        AgreementVersion.objects.filter(pk=version.pk).update(render_status=RenderStatus.FAILED,
                                                              render_error=str(exc)[:2000])
        raise
    version.pdf.save("kk-ru.pdf", ContentFile(data), save=False)
    version.pdf_sha256 = hashlib.sha256(data).hexdigest()
    version.render_status, version.render_error = RenderStatus.DONE, ""
    version.save(update_fields=["pdf", "pdf_sha256", "render_status", "render_error"])
    return version
