"""Step 5, monitoring visits: the curator (an official of the body) or a monitoring expert from the register plans
a visit, answers a checklist (the template of the competition's priority area, else the default one), records
findings with photos (checked as application attachments are), a rating and corrective actions with due dates;
completing the visit tells the organisation, which answers each action; the curator closes an action or reopens it,
and the visit closes with its last action.

``visit_transition`` is the one writer of ``MonitoringVisit.status``, ``action_transition`` of
``CorrectiveAction.status``; each writes an audit row."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.errors import UploadRefused
from applications.selectors import members_by_organization
from applications.uploads import check_upload
from portal import audit
from portal.accounts.models import ExpertProfile, User
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify

from ..enums import (
    ACTION_TRANSITIONS,
    VISIT_TRANSITIONS,
    ActionStatus,
    ChecklistAnswer,
    ProjectStatus,
    VisitRating,
    VisitStatus,
)
from ..models import ChecklistTemplate, CorrectiveAction, Finding, MonitoringVisit, VisitAnswer
from .transitions import StateError

OPEN_FOR_VISITS = {ProjectStatus.IN_PROGRESS, ProjectStatus.FINAL_REPORTING, ProjectStatus.EVALUATING}
FINDING_PHOTOS_MAX = 20


def visit_transition(*, visit, to, actor, reason="", now=None):
    """The only writer of ``MonitoringVisit.status``."""
    now = now or timezone.now()
    before = visit.status
    check_transition(table=VISIT_TRANSITIONS, kind="visit", current=before, to=to)
    visit.status, visit.status_changed_at = to, now
    visit.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"visit.{to}", target=visit, competition_id=visit.project.competition_id,
                 before={"status": before}, after={"status": to}, reason=reason)
    return visit


def action_transition(*, action, to, actor, reason="", now=None):
    """The only writer of ``CorrectiveAction.status``."""
    now = now or timezone.now()
    before = action.status
    check_transition(table=ACTION_TRANSITIONS, kind="corrective_action", current=before, to=to)
    action.status = to
    action.closed_at = now if to == ActionStatus.CLOSED else None
    action.save(update_fields=["status", "closed_at", "answer", "answered_at"])
    audit.record(actor=actor, action=f"corrective_action.{to}", target=action,
                 competition_id=action.visit.project.competition_id, before={"status": before},
                 after={"status": to, "visit": action.visit_id}, reason=reason)
    return action


def _members(project):
    return members_by_organization({project.organization_id})[project.organization_id]


def may_inspect(user, project):
    """An official of the project's body, or an active expert of the register."""
    if user is None:
        return False
    if user.official_memberships.filter(body_id=project.competition.body_id).exists():
        return True
    return ExpertProfile.objects.filter(user=user, is_active=True).exists()


def template_for(project):
    """The checklist of the competition's priority area, else the default one (None when there is neither)."""
    area_id = project.competition.priority_area_id
    template = ChecklistTemplate.objects.filter(priority_area_id=area_id).order_by("id").first() if area_id else None
    return template or ChecklistTemplate.objects.filter(is_default=True).first()


def _lock_visit(visit):
    return MonitoringVisit.objects.select_for_update(of=("self",)).select_related(
        "project__competition", "project__organization").get(pk=visit.pk)


def _date(value, field):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise DomainError(_("Enter a valid date."), code=f"{field}_invalid")


@transaction.atomic
def visit_plan(*, project, planned_on, inspector, actor, template=None):
    """Plan a visit of ``inspector`` (an official of the body or an active expert of the register)."""
    if project.status not in OPEN_FOR_VISITS:
        raise StateError(_("Visits are planned while the project runs."), code="project_not_running")
    planned_on = _date(planned_on, "planned_on")
    if not isinstance(inspector, User) or not may_inspect(inspector, project):
        raise DomainError(_("The inspector must be an official of the body or an expert of the register."),
                          code="inspector_invalid")
    template = template or template_for(project)
    if template is None or not template.items.exists():
        raise DomainError(_("There is no monitoring checklist to use."), code="no_checklist")
    visit = MonitoringVisit.objects.create(project=project, template=template, inspector=inspector,
                                           planned_on=planned_on)
    audit.record(actor=actor, action="visit.planned", target=visit, competition_id=project.competition_id,
                 after={"status": visit.status, "planned_on": planned_on.isoformat(), "inspector": inspector.pk,
                        "template": template.pk})
    notify(users=_members(project), url=f"/projects/visits/{visit.pk}/",
           subject=later(_("Project %(reference)s: a monitoring visit is planned on %(date)s"),
                         reference=project.reference, date=planned_on.isoformat()))
    return visit


def _editable(visit):
    visit = _lock_visit(visit)
    if visit.status != VisitStatus.PLANNED:
        raise StateError(_("A completed visit cannot be changed."), code="visit_completed")
    return visit


@transaction.atomic
def visit_record(*, visit, answers, actor, rating="", summary="", visited_on=None):
    """Store the checklist answers (``answers``: item id -> (answer, comment)), the rating and the summary."""
    visit = _editable(visit)
    items = {item.pk: item for item in visit.template.items.all()} if visit.template_id else {}
    problems = [key for key in answers if key not in items]
    if problems:
        raise DomainError(_("An answer names an item that is not on the visit's checklist."), code="item_unknown")
    for answer, _comment in answers.values():
        if answer not in ChecklistAnswer.values:
            raise DomainError(_("Answer each item with yes, partly, no or not applicable."), code="answer_invalid")
    if rating and rating not in VisitRating.values:
        raise DomainError(_("Choose a rating."), code="rating_invalid")
    existing = {a.item_id: a for a in visit.answers.all()}
    for key, (answer, comment) in answers.items():
        row = existing.get(key)
        if row is None:
            VisitAnswer.objects.create(visit=visit, item=items[key], answer=answer, comment=comment or "")
        elif (row.answer, row.comment) != (answer, comment or ""):
            row.answer, row.comment = answer, comment or ""
            row.save(update_fields=["answer", "comment"])
    visit.rating, visit.summary = rating or visit.rating, summary if summary is not None else visit.summary
    if visited_on:
        visit.visited_on = _date(visited_on, "visited_on")
    visit.save(update_fields=["rating", "summary", "visited_on"])
    return visit


@transaction.atomic
def finding_add(*, visit, text, actor, photo=None):
    """A finding, with a photo checked as an application attachment is (type by content, size, sha256)."""
    visit = _editable(visit)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe the finding."), code="text_required")
    finding = Finding(visit=visit, text=text)
    if photo is not None:
        if visit.findings.exclude(photo="").count() >= FINDING_PHOTOS_MAX:
            raise UploadRefused(_("At most %(n)s photos per visit.") % {"n": FINDING_PHOTOS_MAX}, code="too_many")
        checked = check_upload(photo)
        photo.seek(0)
        finding.photo.save(checked.display_name, photo, save=False)
        finding.photo_sha256 = checked.sha256
    finding.save()
    audit.record(actor=actor, action="visit.finding_added", target=visit, competition_id=visit.project.competition_id,
                 after={"finding": finding.pk, "photo_sha256": finding.photo_sha256})
    return finding


@transaction.atomic
def action_add(*, visit, text, due_on, actor, finding=None):
    visit = _editable(visit)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe the corrective action."), code="text_required")
    due_on = _date(due_on, "due_on")
    if due_on < timezone.localdate():
        raise DomainError(_("The due date cannot be in the past."), code="due_on_past")
    if finding is not None and finding.visit_id != visit.pk:
        raise DomainError(_("The finding belongs to another visit."), code="finding_invalid")
    action = CorrectiveAction.objects.create(visit=visit, finding=finding, text=text, due_on=due_on)
    audit.record(actor=actor, action="visit.action_added", target=visit, competition_id=visit.project.competition_id,
                 after={"action": action.pk, "due_on": due_on.isoformat()})
    return action


@transaction.atomic
def visit_complete(*, visit, actor, now=None):
    """planned -> done: every checklist item answered and a rating given. With corrective actions the visit waits
    for them (actions_open) and the organisation is told; without, it closes."""
    visit = _editable(visit)
    missing = visit.template.items.exclude(pk__in=visit.answers.values("item_id")).count() if visit.template_id else 0
    if missing:
        raise DomainError(_("Answer every item of the checklist (%(n)s left).") % {"n": missing},
                          code="checklist_incomplete")
    if not visit.rating:
        raise DomainError(_("Choose a rating."), code="rating_required")
    if visit.visited_on is None:
        visit.visited_on = timezone.localdate(now)
        visit.save(update_fields=["visited_on"])
    visit_transition(visit=visit, to=VisitStatus.DONE, actor=actor, now=now)
    open_actions = visit.actions.count()
    visit_transition(visit=visit, to=VisitStatus.ACTIONS_OPEN if open_actions else VisitStatus.CLOSED,
                     actor=actor, now=now)
    notify(users=_members(visit.project), url=f"/projects/visits/{visit.pk}/",
           subject=later(_("Project %(reference)s: results of the monitoring visit"),
                         reference=visit.project.reference),
           body=later(_("Corrective actions to answer: %(n)s."), n=open_actions))
    return visit


def _lock_action(action):
    return CorrectiveAction.objects.select_for_update(of=("self",)).select_related(
        "visit__project__competition").get(pk=action.pk)


@transaction.atomic
def action_answer(*, action, answer, actor, now=None):
    """The organisation answers a corrective action (open -> answered)."""
    action = _lock_action(action)
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write what was done."), code="answer_required")
    if action.visit.status != VisitStatus.ACTIONS_OPEN or action.status != ActionStatus.OPEN:
        raise StateError(_("This corrective action does not wait for an answer."), code="action_not_open")
    action.answer, action.answered_at = answer, now or timezone.now()
    action_transition(action=action, to=ActionStatus.ANSWERED, actor=actor, now=now)
    project = action.visit.project
    if project.curator_id:
        notify(users=[project.curator], url=f"/projects/visits/{action.visit_id}/",
               subject=later(_("Project %(reference)s: a corrective action was answered"),
                             reference=project.reference))
    return action


@transaction.atomic
def action_close(*, action, actor, now=None):
    """The curator closes a corrective action; the visit closes with its last open action."""
    action = _lock_action(action)
    if action.visit.status != VisitStatus.ACTIONS_OPEN:
        raise StateError(_("The visit has no open corrective actions."), code="visit_not_open")
    action_transition(action=action, to=ActionStatus.CLOSED, actor=actor, now=now)
    visit = _lock_visit(action.visit)
    if not visit.actions.exclude(status=ActionStatus.CLOSED).exists():
        visit_transition(visit=visit, to=VisitStatus.CLOSED, actor=actor, now=now)
    return action


@transaction.atomic
def action_reopen(*, action, reason, actor, now=None):
    """The curator returns an answered action to the organisation with a reason."""
    action = _lock_action(action)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening."), code="reason_required")
    if action.status != ActionStatus.ANSWERED:
        raise StateError(_("Only an answered corrective action can be reopened."), code="action_not_answered")
    action_transition(action=action, to=ActionStatus.OPEN, actor=actor, reason=reason, now=now)
    notify(users=_members(action.visit.project), url=f"/projects/visits/{action.visit_id}/",
           subject=later(_("Project %(reference)s: a corrective action was reopened"),
                         reference=action.visit.project.reference), body=reason)
    return action
