"""Topic proposals from NGOs and citizens and the body's decision on each (one writer of the status)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import Membership
from portal.errors import check_transition
from portal.notifications.services import later, notify

from ..enums import PROPOSAL_TRANSITIONS, PlanStatus, ProposalStatus
from ..models import Plan, PlanItem, TopicProposal
from ..validators import text_problems
from .common import NotForTheBody, PlanRefused, StateRefused, clean_text, local_today, plan_url, refuse_if
from .items import evidence_create, evidence_problems

MAX_EVIDENCE = 5
# A proposal's evidence problems are named after the proposal form's fields.
EVIDENCE_FIELDS = {"title": "evidence_title", "url": "evidence_url", "upload": "evidence_file", "kind": "evidence"}


def _proposal_problems(plan, fields, organization, actor, *, today):
    problems = []
    if plan.status != PlanStatus.PROPOSALS_OPEN or plan.proposals_until is None or today > plan.proposals_until:
        raise StateRefused(_("This plan does not accept topic proposals now."), code="proposals_closed")
    if actor.official_memberships.filter(body_id=plan.body_id).exists():
        raise NotForTheBody(_("Officials of the body add topics to the plan directly."), code="official_proposes")
    if organization is not None and not Membership.objects.filter(user=actor, organization=organization).exists():
        problems.append(("organization", _("You can propose only on behalf of your own organisation.")))
    problems += text_problems("topic", fields.get("topic"), empty_message=_("Write the topic."), limit=300)
    problems += text_problems("justification", fields.get("justification"),
                              empty_message=_("Describe the need and what shows it."))
    if not fields.get("priority_area"):
        problems.append(("priority_area", _("Choose the priority area.")))
    amount = fields.get("suggested_amount")
    if amount is not None and amount <= 0:
        problems.append(("suggested_amount", _("The amount must be greater than zero.")))
    return problems


@transaction.atomic
def proposal_submit(*, plan, fields, regions=(), organization=None, evidence=(), actor, now=None):
    """Propose a topic with its evidence (``evidence``: dicts with kind, title, url, note, upload)."""
    now = now or timezone.now()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    problems = _proposal_problems(plan, fields, organization, actor, today=local_today(now))
    if len(evidence) > MAX_EVIDENCE:
        problems.append(("evidence", _("Attach at most %(count)d pieces of evidence.") % {"count": MAX_EVIDENCE}))
    for spec in evidence:
        found, _inspected = evidence_problems(spec.get("kind"), spec.get("title"), spec.get("url"), spec.get("upload"))
        problems += [(EVIDENCE_FIELDS.get(field, "evidence"), message) for field, message in found]
    refuse_if(problems, code="proposal_refused")
    proposal = TopicProposal.objects.create(
        plan=plan, author=actor, organization=organization, priority_area=fields["priority_area"],
        topic=clean_text(fields["topic"]), justification=clean_text(fields["justification"]),
        target_group=clean_text(fields.get("target_group")), suggested_amount=fields.get("suggested_amount"),
        submitted_at=now, status_changed_at=now)
    proposal.regions.set(regions)
    for spec in evidence:
        evidence_create(proposal=proposal, actor=actor, now=now, **spec)
    audit.record(actor=actor, action="proposal.submitted", target=proposal,
                 after={"plan_id": plan.pk, "topic": proposal.topic,
                        "organization_id": organization.pk if organization else None})
    return proposal


@transaction.atomic
def proposal_transition(*, proposal, to, actor, reason="", now=None):
    """The only writer of ``TopicProposal.status``."""
    now = now or timezone.now()
    before = proposal.status
    check_transition(table=PROPOSAL_TRANSITIONS, kind="proposal", current=before, to=to)
    proposal.status, proposal.status_changed_at = to, now
    proposal.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"proposal.{to}", target=proposal, before={"status": before},
                 after={"status": to, "item_id": proposal.item_id}, reason=reason)
    return proposal


def _item_from(proposal, amount):
    """A new plan item from an accepted proposal; the body completes results and legal basis before discussion."""
    language = (translation.get_language() or "ru")[:2]
    language = language if language in ("kk", "ru", "en") else "ru"
    number = (proposal.plan.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = PlanItem.objects.create(plan=proposal.plan, number=number, priority_area=proposal.priority_area,
                                   target_group=proposal.target_group, amount=amount, term_years=1,
                                   expected_results="", legal_act="", **{f"topic_{language}": proposal.topic})
    item.regions.set(proposal.regions.all())
    for evidence in proposal.evidence.all():
        evidence.pk, evidence.proposal, evidence.item = None, None, item  # the same stored file, listed on the item
        evidence.save()
    return item


@transaction.atomic
def proposal_decide(*, proposal, decision, reason, actor, item=None, amount=None, now=None):
    """Accept (a new item), merge (into ``item``) or decline, always with a reason; the author is told."""
    now = now or timezone.now()
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
    proposal = TopicProposal.objects.select_for_update().select_related("plan").get(pk=proposal.pk)
    check_transition(table=PROPOSAL_TRANSITIONS, kind="proposal", current=proposal.status, to=decision)
    if plan.status != PlanStatus.PROPOSALS_OPEN:
        raise StateRefused(_("Proposals are decided while the plan is open for proposals."), code="plan_state")
    problems = text_problems("reason", reason, empty_message=_("Give the reason; the author and the public read it."),
                             limit=2000)
    amount = amount if amount is not None else proposal.suggested_amount
    if decision == ProposalStatus.ACCEPTED and (amount is None or amount <= 0):
        problems.append(("amount", _("Give the amount of the new plan item.")))
    if decision == ProposalStatus.MERGED and (item is None or item.plan_id != plan.pk or item.is_withdrawn):
        problems.append(("item", _("Choose the plan item the proposal is merged into.")))
    if problems:
        raise PlanRefused(problems, code="decision_refused")
    if decision == ProposalStatus.ACCEPTED:
        item = _item_from(proposal, amount)
    proposal.item = item if decision != ProposalStatus.DECLINED else None
    proposal.decision_reason, proposal.decided_by, proposal.decided_at = clean_text(reason), actor, now
    proposal.save(update_fields=["item", "decision_reason", "decided_by", "decided_at"])
    proposal_transition(proposal=proposal, to=decision, actor=actor, reason=proposal.decision_reason, now=now)
    notify(users=[proposal.author], url=plan_url(plan, "proposals"),
           subject=later(_("Your topic proposal “%(topic)s”: %(decision)s"), topic=proposal.topic,
                         decision=ProposalStatus(decision).label),
           body=proposal.decision_reason)
    return proposal
