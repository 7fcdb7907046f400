"""The plan itself: create, edit its header, and move it through its states (one writer of ``Plan.status``)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.audit.phrases import system_reason
from portal.canonical import canonical_sha256
from portal.councils.selectors import members_of_body_councils
from portal.errors import check_transition
from portal.multilingual import language_problems
from portal.notifications.services import later, notify

from ..enums import PLAN_TRANSITIONS, CommentStatus, PlanStatus, ProposalStatus
from ..models import Plan, PlanVersion
from ..selectors import plan_snapshot
from ..validators import discussion_end_problems, item_is_complete, proposals_window_problems, text_problems
from .common import PlanRefused, StateRefused, clean_text, day, local_today, plan_url, refuse_if

HEADER_FIELDS = ("title_kk", "title_ru", "title_en", "description")
STATUS_TIMESTAMPS = {PlanStatus.APPROVED: "approved_at"}


@transaction.atomic
def plan_create(*, body, year, actor, title_kk="", title_ru="", title_en="", description=""):
    """A new draft plan of ``body`` for the budget year ``year`` (one per body and year)."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlanRefused([("year", _("Give a budget year between 2000 and 2100."))], code="plan_year")
    if Plan.objects.filter(body=body, year=year).exists():
        raise PlanRefused([("year", _("The body already has a plan for %(year)s.") % {"year": year})],
                          code="plan_exists")
    try:
        with transaction.atomic():
            plan = Plan.objects.create(body=body, year=year, created_by=actor, title_kk=clean_text(title_kk),
                                       title_ru=clean_text(title_ru), title_en=clean_text(title_en),
                                       description=clean_text(description))
    except IntegrityError:  # a parallel request created it a moment earlier
        raise PlanRefused([("year", _("The body already has a plan for %(year)s.") % {"year": year})],
                          code="plan_exists") from None
    audit.record(actor=actor, action="plan.created", target=plan, after={"body_id": body.pk, "year": year})
    return plan


@transaction.atomic
def plan_update(*, plan, fields, actor):
    """Change the title or the introduction; an approved plan keeps its header (versions record items)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.APPROVED:
        raise StateRefused(_("An approved plan changes only through its items, each change with a reason."),
                          code="plan_approved")
    before = {name: getattr(plan, name) for name in HEADER_FIELDS}
    for name in HEADER_FIELDS:
        if name in fields:
            setattr(plan, name, clean_text(fields[name]))
    plan.save(update_fields=[*HEADER_FIELDS, "updated_at"])
    changed = [name for name in HEADER_FIELDS if before[name] != getattr(plan, name)]
    if changed:
        audit.record(actor=actor, action="plan.edited", target=plan, before={n: before[n] for n in changed},
                     after={n: getattr(plan, n) for n in changed})
    return plan


@transaction.atomic
def plan_transition(*, plan, to, actor, reason="", now=None):
    """The only writer of ``Plan.status``."""
    now = now or timezone.now()
    before = plan.status
    check_transition(table=PLAN_TRANSITIONS, kind="plan", current=before, to=to)
    plan.status, plan.status_changed_at = to, now
    fields = ["status", "status_changed_at", "updated_at"]
    if to in STATUS_TIMESTAMPS:
        setattr(plan, STATUS_TIMESTAMPS[to], now)
        fields.append(STATUS_TIMESTAMPS[to])
    plan.save(update_fields=fields)
    audit.record(actor=actor, action=f"plan.{to}", target=plan, before={"status": before}, after={"status": to},
                 reason=reason)
    return plan


def _locked(plan, to):
    plan = Plan.objects.select_for_update().select_related("body").get(pk=plan.pk)
    check_transition(table=PLAN_TRANSITIONS, kind="plan", current=plan.status, to=to)
    return plan


@transaction.atomic
def plan_open_proposals(*, plan, proposals_until, actor, now=None):
    """Publish the draft and invite NGOs and citizens to propose topics until ``proposals_until`` (inclusive)."""
    now = now or timezone.now()
    plan = _locked(plan, PlanStatus.PROPOSALS_OPEN)
    refuse_if(proposals_window_problems(local_today(now), proposals_until), code="proposals_window")
    refuse_if(plan_language_problems(plan), code="languages_missing")
    plan.proposals_until = proposals_until
    plan.save(update_fields=["proposals_until", "updated_at"])
    return plan_transition(plan=plan, to=PlanStatus.PROPOSALS_OPEN, actor=actor, now=now,
                           reason=system_reason("proposals_open", until=proposals_until.isoformat()))


def plan_language_problems(plan):
    """A body's plan is public in Kazakh and in Russian: its title (when it has one) and every topic in both."""
    problems = []
    if plan.title_kk or plan.title_ru or plan.title_en:
        problems.extend(language_problems(plan, ("title",)))
    for item in plan.items.filter(withdrawn_at__isnull=True).order_by("number"):
        problems.extend(language_problems(item, ("topic",), prefix=_("Item %(number)s: ") % {"number": item.number}))
    return problems


def discussion_start_problems(plan, ends_on, *, today):
    """Everything that stops the public discussion from starting today, at once."""
    problems = []
    if plan.proposals_until is not None and today <= plan.proposals_until:
        problems.append(("proposals_until", _("Proposals are accepted until %(date)s; the discussion starts after "
                                              "the window closes.") % {"date": day(plan.proposals_until)}))
    undecided = plan.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    if undecided:
        problems.append(("proposals", _("Decide every topic proposal first: %(count)d still waiting.")
                         % {"count": undecided}))
    items = list(plan.items.filter(withdrawn_at__isnull=True).order_by("number"))
    if not items:
        problems.append(("items", _("Add at least one item to the plan.")))
    for item in items:
        missing = item_is_complete(item)
        if missing:
            problems.append(("items", _("Item %(number)d is incomplete: %(missing)s")
                             % {"number": item.number, "missing": " ".join(str(m) for m in missing)}))
    return problems + discussion_end_problems(today, ends_on) + plan_language_problems(plan)


@transaction.atomic
def plan_start_discussion(*, plan, discussion_ends_on, actor, now=None):
    """Publish the draft plan for comments from today until ``discussion_ends_on`` (10 working days or more)."""
    now = now or timezone.now()
    today = local_today(now)
    plan = _locked(plan, PlanStatus.IN_DISCUSSION)
    refuse_if(discussion_start_problems(plan, discussion_ends_on, today=today), code="discussion_refused")
    plan.discussion_starts_on, plan.discussion_ends_on = today, discussion_ends_on
    plan.save(update_fields=["discussion_starts_on", "discussion_ends_on", "updated_at"])
    plan_transition(plan=plan, to=PlanStatus.IN_DISCUSSION, actor=actor, now=now,
                    reason=system_reason("discussion_open", starts=today.isoformat(),
                                         ends=discussion_ends_on.isoformat()))
    notify(users=members_of_body_councils(plan.body_id),
           subject=later(_("Public discussion of %(plan)s has started"), plan=plan.title),
           body=later(_("Comments are accepted until %(date)s. As a member of the public council your comments are "
                        "marked as such."), date=day(discussion_ends_on)),
           url=plan_url(plan, "discussion"))
    return plan


def approval_problems(plan, *, today):
    problems = []
    if plan.discussion_ends_on is not None and today <= plan.discussion_ends_on:
        problems.append(("discussion_ends_on", _("The public discussion runs until %(date)s; the plan can be "
                                                 "approved after it ends.") % {"date": day(plan.discussion_ends_on)}))
    waiting = plan.comments.filter(status=CommentStatus.SUBMITTED).count()
    if waiting:
        problems.append(("comments", _("Moderate every comment first: %(count)d still waiting.") % {"count": waiting}))
    unanswered = plan.comments.filter(status=CommentStatus.PUBLISHED, answered_at__isnull=True).count()
    if unanswered:
        problems.append(("comments", _("Answer every published comment first: %(count)d without an answer.")
                         % {"count": unanswered}))
    if not plan.items.filter(withdrawn_at__isnull=True).exists():
        problems.append(("items", _("Add at least one item to the plan.")))
    return problems + plan_language_problems(plan)


def version_create(*, plan, reason, actor, now=None):
    """Freeze the plan as it stands now as its next version (inside the caller's transaction)."""
    now = now or timezone.now()
    snapshot = plan_snapshot(plan)
    _text, digest = canonical_sha256(snapshot)
    number = plan.current_version + 1
    version = PlanVersion.objects.create(plan=plan, number=number, reason=reason, snapshot=snapshot, sha256=digest,
                                         created_by=actor, created_at=now)
    plan.current_version = number
    plan.save(update_fields=["current_version", "updated_at"])
    audit.record(actor=actor, action="plan.version_created", target=plan, reason=reason,
                 after={"version": number, "sha256": digest})
    return version


@transaction.atomic
def plan_approve(*, plan, decision, actor, now=None):
    """Approve after the discussion: version 1 with the summary of comments and answers. ``decision`` names the
    approving act (e.g. the order's number and date) and is the version's reason."""
    now = now or timezone.now()
    plan = _locked(plan, PlanStatus.APPROVED)
    problems = text_problems("decision", decision, empty_message=_("Name the decision that approves the plan "
                                                                   "(order number and date)."), limit=1000)
    refuse_if(problems + approval_problems(plan, today=local_today(now)), code="approval_refused")
    version_create(plan=plan, reason=clean_text(decision), actor=actor, now=now)
    return plan_transition(plan=plan, to=PlanStatus.APPROVED, actor=actor, now=now, reason=clean_text(decision))
