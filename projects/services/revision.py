"""Step 1, the revised budget after a lower funded amount: the organisation submits its budget lines per year
again (the total equal to the funded amount, only the categories its application had, administrative costs not
above direct ones); the official accepts it (the project's budget lines become the revised ones, a drafted
agreement is regenerated from them) or returns it with reasons, as a returned application. The agreement is
drawn up and sent only once the revised budget of the present amount is accepted (``revision_problem``)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ADMINISTRATIVE_CATEGORIES
from applications.selectors import members_by_organization
from competitions.selectors import officials_of
from portal import audit
from portal.canonical import canonical_sha256
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify

from .. import calc
from ..enums import REVISION_TRANSITIONS, AgreementStatus, ProjectStatus, RevisionStatus
from ..models import Project, ProjectBudgetLine, RevisedBudget
from .agreement import agreement_regenerate
from .revision_gate import revision_needed
from .transitions import StateError

PROBLEM_TEXT = {
    "lines_empty": _("Add at least one budget line."),
    "line_invalid": _("Each line needs a category, a description, a year of the project and an amount of zero or "
                      "more."),
    "category_not_allowed": _("This category was not in the application's budget; it cannot be added."),
    "total_mismatch": _("The lines must add up exactly to the funded amount."),
    "admin_above_direct": _("Administrative costs may not exceed direct costs."),
}


class RevisionRefused(DomainError):
    """``problems``: (field, message) pairs, as the API shows them; ``codes`` the matching codes."""

    def __init__(self, codes):
        self.codes = codes
        self.problems = [(field, PROBLEM_TEXT[code]) for field, code in codes]
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.problems), code=codes[0][1])


def allowed_categories(project):
    """The categories the application's frozen budget had: a revision may not add others."""
    return {line.get("category") for line in (project.snapshot or {}).get("budget_lines", [])} or {
        line.category for line in project.budget_lines.all()}


def latest_revision(project):
    return RevisedBudget.objects.filter(project=project).order_by("-number").first()


def _clean_lines(project, lines):
    """(clean lines, problems): amounts as exact strings, the year one of the project's."""
    if not isinstance(lines, list) or not lines:
        return [], [("lines", "lines_empty")]
    allowed, years = allowed_categories(project), set(project.years)
    clean, problems = [], []
    for index, line in enumerate(lines):
        field = f"lines[{index}]"
        try:
            amount = calc.cents(str(line["amount"]))
            year = int(line.get("year") or (project.years[0] if project.years else 0))
            row = {"category": str(line["category"]), "description": str(line["description"]).strip()[:300],
                   "year": year, "amount": str(amount)}
        except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
            problems.append((field, "line_invalid"))
            continue
        if amount < 0 or not row["description"] or (years and year not in years):
            problems.append((field, "line_invalid"))
        elif row["category"] not in allowed:
            problems.append((field, "category_not_allowed"))
        clean.append(row)
    if problems:
        return clean, problems
    total = sum((Decimal(r["amount"]) for r in clean), Decimal("0"))
    administrative = sum((Decimal(r["amount"]) for r in clean if r["category"] in ADMINISTRATIVE_CATEGORIES),
                         Decimal("0"))
    if total != calc.cents(project.amount):
        problems.append(("lines", "total_mismatch"))
    if administrative > total - administrative:
        problems.append(("lines", "admin_above_direct"))
    return clean, problems


def _transition(revision, *, to, actor, reason="", now=None):
    """The only writer of ``RevisedBudget.status``."""
    check_transition(table=REVISION_TRANSITIONS, kind="revised budget", current=revision.status, to=to)
    before = revision.status
    revision.status, revision.status_changed_at = to, now or timezone.now()
    revision.save()
    audit.record(actor=actor, action=f"revised_budget.{to}", target=revision.project,
                 competition_id=revision.project.competition_id, before={"status": before},
                 after={"status": to, "number": revision.number, "sha256": revision.sha256,
                        "amount": revision.amount}, reason=reason)
    return revision


def _lock_project(project):
    return (Project.objects.select_for_update(of=("self",)).select_related("competition", "organization")
            .get(pk=project.pk))


@transaction.atomic
def revision_submit(*, project, lines, actor, now=None):
    """The organisation submits (or, after a return, resubmits) the revised budget of the funded amount."""
    project = _lock_project(project)
    if project.funded_amount is None:
        raise StateError(_("No lower amount is funded: the budget stays as in the application."),
                         code="no_lower_amount")
    agreement = getattr(project, "agreement", None)
    if project.status not in {ProjectStatus.AWARDED, ProjectStatus.CONTRACTING} or (
            agreement is not None and agreement.status not in {AgreementStatus.DRAFT, AgreementStatus.SENT}):
        raise StateError(_("The budget can be revised only before the agreement is signed."), code="already_signed")
    if not revision_needed(project):
        raise StateError(_("The revised budget of this amount is already accepted."), code="already_accepted")
    clean, problems = _clean_lines(project, lines)
    if problems:
        raise RevisionRefused(problems)
    _text, sha256 = canonical_sha256({"amount": str(project.funded_amount), "lines": clean})
    now = now or timezone.now()
    revision = latest_revision(project)
    if revision is not None and revision.status == RevisionStatus.SUBMITTED and revision.amount == project.amount:
        raise StateError(_("The revised budget is already submitted and awaits review."), code="already_submitted")
    actor_user = actor if getattr(actor, "pk", None) else None
    if revision is not None and revision.status == RevisionStatus.RETURNED and revision.amount == project.amount:
        revision.lines, revision.sha256, revision.submitted_at, revision.submitted_by = clean, sha256, now, actor_user
        _transition(revision, to=RevisionStatus.SUBMITTED, actor=actor, now=now)
    else:
        number = (RevisedBudget.objects.filter(project=project).aggregate(m=Max("number"))["m"] or 0) + 1
        revision = RevisedBudget.objects.create(project=project, number=number, amount=project.funded_amount,
                                                lines=clean, sha256=sha256, submitted_by=actor_user,
                                                submitted_at=now, status_changed_at=now)
        audit.record(actor=actor, action="revised_budget.submitted", target=project,
                     competition_id=project.competition_id,
                     after={"status": RevisionStatus.SUBMITTED, "number": number, "sha256": sha256,
                            "amount": project.funded_amount})
    notify(users=officials_of(project.competition) + ([project.curator] if project.curator else []),
           subject=later(_("Project %(reference)s: a revised budget to review"), reference=project.reference),
           url=f"/projects/{project.pk}/")
    return revision


def _pending(project):
    revision = latest_revision(project)
    if revision is None or revision.status != RevisionStatus.SUBMITTED:
        raise StateError(_("There is no revised budget awaiting review."), code="nothing_to_review")
    revision.project = project
    return revision


@transaction.atomic
def revision_accept(*, project, actor, now=None):
    """The official accepts: the project's budget lines become the revised ones; a drafted agreement is
    regenerated from them."""
    project = _lock_project(project)
    revision = _pending(project)
    if revision.amount != project.amount:
        raise StateError(_("The funded amount changed since this budget was submitted; return it."),
                         code="amount_changed")
    revision.decided_by = actor if getattr(actor, "pk", None) else None
    _transition(revision, to=RevisionStatus.ACCEPTED, actor=actor, now=now)
    project.budget_lines.all().delete()
    ProjectBudgetLine.objects.bulk_create([
        ProjectBudgetLine(project=project, category=line["category"], description=line["description"],
                          year=line["year"], amount=Decimal(line["amount"]), order=order)
        for order, line in enumerate(revision.lines)])
    agreement = getattr(project, "agreement", None)
    if agreement is not None and agreement.status in {AgreementStatus.DRAFT, AgreementStatus.SENT}:
        agreement_regenerate(agreement=agreement, actor=actor)
    _tell_organisation(project, subject=later(_("Project %(reference)s: your revised budget is accepted"),
                                              reference=project.reference))
    return revision


@transaction.atomic
def revision_return(*, project, reasons, actor, now=None):
    """The official returns it with reasons (one per line); the organisation corrects and resubmits."""
    project = _lock_project(project)
    reasons = [r.strip() for r in (reasons if isinstance(reasons, list) else str(reasons or "").splitlines())
               if r and r.strip()]
    if not reasons:
        raise DomainError(_("Give the reasons for returning the budget."), code="reason_required")
    revision = _pending(project)
    revision.return_reasons = reasons
    revision.decided_by = actor if getattr(actor, "pk", None) else None
    _transition(revision, to=RevisionStatus.RETURNED, actor=actor, reason="\n".join(reasons), now=now)
    _tell_organisation(project, subject=later(_("Project %(reference)s: your revised budget is returned"),
                                              reference=project.reference), body="\n".join(reasons))
    return revision


def _tell_organisation(project, *, subject, body=""):
    members = members_by_organization({project.organization_id})[project.organization_id]
    notify(users=members, subject=subject, body=body, url=f"/projects/{project.pk}/budget/")
