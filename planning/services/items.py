"""Plan items and their needs evidence. Before approval the body edits freely; after it every change (a new
item, an edit, a withdrawal) needs a reason and makes a new version of the plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.uploads import UploadProblem, inspect_upload

from ..enums import EvidenceKind, PlanStatus
from ..models import Evidence, Plan, PlanItem
from ..validators import item_problems, text_problems
from .common import StateRefused, clean_text, refuse_if
from .plans import version_create

ITEM_FIELDS = ("priority_area", "topic_kk", "topic_ru", "topic_en", "target_group", "amount", "term_years",
               "expected_results", "indicators", "legal_act", "legal_act_number", "legal_act_date")
TEXT_FIELDS = frozenset(ITEM_FIELDS) - {"priority_area", "amount", "term_years", "legal_act_date"}


def _locked_plan(plan_id):
    return Plan.objects.select_for_update().get(pk=plan_id)


def _reason_problems(plan, reason):
    if plan.status != PlanStatus.APPROVED:
        return []
    return text_problems("reason", reason, empty_message=_("The plan is approved: give the reason for the change; "
                                                           "it is published with the new version."), limit=2000)


def _plain(item):
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values["priority_area"] = item.priority_area_id
    values["regions"] = sorted(item.regions.values_list("pk", flat=True))
    return values


def _apply(item, fields):
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, clean_text(fields[name]) if name in TEXT_FIELDS else fields[name])


@transaction.atomic
def plan_item_create(*, plan, fields, regions, actor, reason=""):
    """Add an item; on an approved plan this is a change with a reason and a new version."""
    plan = _locked_plan(plan.pk)
    refuse_if(item_problems(fields, regions) + _reason_problems(plan, reason), code="item_refused")
    number = (plan.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = PlanItem(plan=plan, number=number)
    _apply(item, fields)
    item.save()
    item.regions.set(regions)
    audit.record(actor=actor, action="plan_item.created", target=item, after=_plain(item), reason=clean_text(reason))
    if plan.status == PlanStatus.APPROVED:
        version_create(plan=plan, reason=clean_text(reason), actor=actor)
    return item


@transaction.atomic
def plan_item_update(*, item, fields, regions, actor, reason=""):
    """Change an item; on an approved plan this needs a reason and makes a new version."""
    plan = _locked_plan(item.plan_id)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.is_withdrawn:
        raise StateRefused(_("A withdrawn item does not change."), code="item_withdrawn")
    refuse_if(item_problems(fields, regions) + _reason_problems(plan, reason), code="item_refused")
    before = _plain(item)
    _apply(item, fields)
    item.save()
    item.regions.set(regions)
    after = _plain(item)
    changed = sorted(name for name in after if before[name] != after[name])
    if not changed:
        return item
    audit.record(actor=actor, action="plan_item.changed", target=item, before={n: before[n] for n in changed},
                 after={n: after[n] for n in changed}, reason=clean_text(reason))
    if plan.status == PlanStatus.APPROVED:
        version_create(plan=plan, reason=clean_text(reason), actor=actor)
    return item


@transaction.atomic
def plan_item_delete(*, item, actor):
    """Remove an item before approval, unless proposals or comments refer to it (withdraw it after approval)."""
    plan = _locked_plan(item.plan_id)
    if plan.status == PlanStatus.APPROVED:
        raise StateRefused(_("Items of an approved plan are withdrawn with a reason, not deleted."),
                          code="plan_approved")
    if item.source_proposals.exists() or item.comments.exists():
        raise StateRefused(_("Proposals or comments refer to this item: keep it and change it instead."),
                          code="item_referenced")
    audit.record(actor=actor, action="plan_item.deleted", target=item, before=_plain(item))
    for evidence in item.evidence.exclude(file=""):
        evidence.file.delete(save=False)
    item.delete()


@transaction.atomic
def plan_item_withdraw(*, item, reason, actor, now=None):
    """Withdraw an item of an approved plan with a published reason (a new version); it stays listed, struck."""
    plan = _locked_plan(item.plan_id)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if plan.status != PlanStatus.APPROVED:
        raise StateRefused(_("Before approval an item is simply deleted or changed."), code="plan_not_approved")
    if item.is_withdrawn:
        raise StateRefused(_("This item is already withdrawn."), code="item_withdrawn")
    refuse_if(text_problems("reason", reason, empty_message=_("Give the reason for the withdrawal; it is "
                                                             "published with the new version."), limit=2000))
    item.withdrawn_at, item.withdrawal_reason = now or timezone.now(), clean_text(reason)
    item.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit.record(actor=actor, action="plan_item.withdrawn", target=item, reason=item.withdrawal_reason)
    version_create(plan=plan, reason=item.withdrawal_reason, actor=actor)
    return item


# ----------------------------------------------------------------------------------------------- evidence

def evidence_problems(kind, title, url, upload):
    """Problems of one piece of evidence, and the inspected upload when there is one."""
    problems, inspected = [], None
    if kind not in EvidenceKind.values:
        problems.append(("kind", _("Choose what kind of evidence this is.")))
    if not clean_text(title):
        problems.append(("title", _("Give the evidence a title.")))
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append(("url", _("Enter a full link starting with https://")))
    if upload is not None:
        try:
            inspected = inspect_upload(upload, max_bytes=settings.UPLOAD_MAX_FILE_BYTES)
        except UploadProblem as problem:
            problems.append(("upload", problem.message))
    elif not url:
        problems.append(("url", _("Give a link or upload a file.")))
    return problems, inspected


def evidence_create(*, kind, title, url="", note="", upload=None, actor, item=None, proposal=None, now=None):
    """Store one piece of evidence of an item or a proposal (inside the caller's transaction)."""
    problems, inspected = evidence_problems(kind, title, url, upload)
    refuse_if(problems, code="evidence_refused")
    evidence = Evidence(item=item, proposal=proposal, kind=kind, title=clean_text(title)[:300], url=url or "",
                        note=clean_text(note), added_by=actor, added_at=now or timezone.now())
    if inspected is not None:
        evidence.original_name, evidence.content_type = inspected.name, inspected.content_type
        evidence.size, evidence.sha256 = inspected.size, inspected.sha256
        evidence.file.save(inspected.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_add(*, item, kind, title, actor, url="", note="", upload=None):
    """Attach needs evidence to an item before approval (the approved version keeps each file's sha256)."""
    plan = _locked_plan(item.plan_id)
    if plan.status == PlanStatus.APPROVED:
        raise StateRefused(_("The evidence of an approved plan is fixed with its version."), code="plan_approved")
    evidence = evidence_create(item=item, kind=kind, title=title, url=url, note=note, upload=upload, actor=actor)
    audit.record(actor=actor, action="plan_item.evidence_added", target=item,
                 after={"title": evidence.title, "kind": kind, "url": evidence.url, "sha256": evidence.sha256})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, actor):
    plan = _locked_plan(evidence.item.plan_id)
    if plan.status == PlanStatus.APPROVED:
        raise StateRefused(_("The evidence of an approved plan is fixed with its version."), code="plan_approved")
    audit.record(actor=actor, action="plan_item.evidence_removed", target=evidence.item,
                 before={"title": evidence.title, "url": evidence.url, "sha256": evidence.sha256})
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
