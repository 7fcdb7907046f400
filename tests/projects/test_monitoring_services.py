from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from applications.errors import UploadRefused
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from projects.enums import ActionStatus, VisitStatus
from projects.models import ChecklistTemplate
from projects.services.monitoring import (
    action_add,
    action_answer,
    action_close,
    action_reopen,
    finding_add,
    template_for,
    visit_complete,
    visit_plan,
    visit_record,
)
from tests import factories as f
from tests.applications.helpers import PNG_BYTES
from tests.projects.meb_world import running_project

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + timedelta(days=20)


def _answer_all(visit, answer="yes"):
    return {item.pk: (answer, "") for item in visit.template.items.all()}


def test_the_default_checklist_ships_in_three_languages():
    template = ChecklistTemplate.objects.get(is_default=True)
    items = list(template.items.all())
    assert len(items) == 8 and all(i.text_kk and i.text_ru and i.text_en for i in items)
    assert template.title_kk and template.title_ru and template.title_en
    from django.utils import translation
    with translation.override("ru"):
        assert items[0].label == items[0].text_ru
    items[0].text_ru = ""
    with translation.override("ru"):
        assert items[0].label == items[0].text_kk  # fallback kk -> ru -> en


def test_a_visit_with_actions_waits_for_the_answers_and_closes_with_the_last(official):
    project, ngo = running_project(official)
    expert = f.ExpertProfileFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        visit = visit_plan(project=project, planned_on=SOON, inspector=expert.user, actor=official)
    assert visit.template == template_for(project) and visit.status == VisitStatus.PLANNED
    assert Notification.objects.filter(user=ngo, url=f"/projects/visits/{visit.pk}/").count() == 1
    with pytest.raises(DomainError) as refused:
        visit_complete(visit=visit, actor=expert.user)
    assert refused.value.code == "checklist_incomplete"
    visit_record(visit=visit, answers=_answer_all(visit, "partly"), rating="satisfactory", summary="Mostly fine",
                 actor=expert.user)
    finding = finding_add(visit=visit, text="Attendance lists incomplete", actor=expert.user,
                          photo=SimpleUploadedFile("hall.png", PNG_BYTES))
    assert len(finding.photo_sha256) == 64 and finding.photo.name.startswith(f"monitoring/{visit.pk}/")
    first = action_add(visit=visit, text="Complete the lists", due_on=SOON, finding=finding, actor=expert.user)
    second = action_add(visit=visit, text="Publish the report", due_on=SOON, actor=expert.user)
    visit_complete(visit=visit, actor=expert.user)
    visit.refresh_from_db()
    assert (visit.status, visit.visited_on) == (VisitStatus.ACTIONS_OPEN, timezone.localdate())
    with pytest.raises(DomainError):
        finding_add(visit=visit, text="Late finding", actor=expert.user)
    action_answer(action=first, answer="Lists completed and signed", actor=ngo)
    first.refresh_from_db()
    assert first.status == ActionStatus.ANSWERED and first.answered_at is not None
    action_reopen(action=first, reason="Two lists are still unsigned", actor=official)
    first.refresh_from_db()
    assert first.status == ActionStatus.OPEN
    action_answer(action=first, answer="All signed now", actor=ngo)
    action_close(action=first, actor=official)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACTIONS_OPEN
    action_close(action=second, actor=official)  # closed without an answer: the curator decides
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED
    actions = list(AuditEvent.objects.filter(action__startswith="visit.").values_list("action", flat=True))
    assert actions == ["visit.planned", "visit.finding_added", "visit.action_added", "visit.action_added",
                       "visit.done", "visit.actions_open", "visit.closed"]
    assert AuditEvent.objects.filter(action="corrective_action.closed").count() == 2


def test_a_visit_without_actions_closes_on_completion(official):
    project, _ngo = running_project(official)
    visit = visit_plan(project=project, planned_on=SOON, inspector=official, actor=official)
    visit_record(visit=visit, answers=_answer_all(visit), rating="good", actor=official)
    visit_complete(visit=visit, actor=official)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED


def test_refusals_name_the_problem(official):
    project, ngo = running_project(official)
    stranger = f.UserFactory()
    with pytest.raises(DomainError) as refused:
        visit_plan(project=project, planned_on=SOON, inspector=stranger, actor=official)
    assert refused.value.code == "inspector_invalid"
    inactive = f.ExpertProfileFactory(is_active=False)
    with pytest.raises(DomainError):
        visit_plan(project=project, planned_on=SOON, inspector=inactive.user, actor=official)
    with pytest.raises(DomainError) as refused:
        visit_plan(project=project, planned_on="not a date", inspector=official, actor=official)
    assert refused.value.code == "planned_on_invalid"
    visit = visit_plan(project=project, planned_on=SOON, inspector=official, actor=official)
    with pytest.raises(DomainError) as refused:
        visit_record(visit=visit, answers={999999: ("yes", "")}, actor=official)
    assert refused.value.code == "item_unknown"
    item = visit.template.items.first()
    with pytest.raises(DomainError) as refused:
        visit_record(visit=visit, answers={item.pk: ("maybe", "")}, actor=official)
    assert refused.value.code == "answer_invalid"
    with pytest.raises(UploadRefused):
        finding_add(visit=visit, text="A program", photo=SimpleUploadedFile("x.png", b"MZ\x90\x00" * 50),
                    actor=official)
    with pytest.raises(DomainError) as refused:
        action_add(visit=visit, text="Do it", due_on=date(2000, 1, 1), actor=official)
    assert refused.value.code == "due_on_past"
    action = action_add(visit=visit, text="Do it", due_on=SOON, actor=official)
    with pytest.raises(DomainError) as refused:
        action_answer(action=action, answer="Done", actor=ngo)  # the visit is not completed yet
    assert refused.value.code == "action_not_open"
    with pytest.raises(DomainError) as refused:
        action_reopen(action=action, reason="", actor=official)
    assert refused.value.code == "reason_required"


def test_a_priority_area_checklist_wins_over_the_default(official):
    project, _ngo = running_project(official)
    special = ChecklistTemplate.objects.create(title="Youth", title_en="Youth",
                                               priority_area=project.competition.priority_area)
    special.items.create(text="Youth council involved?", text_en="Youth council involved?", order=1)
    assert template_for(project) == special
