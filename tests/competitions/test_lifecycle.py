"""Officials' lifecycle services: create, configure, publish, extend, cancel, close, answer questions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.validators import deadline_problems
from competitions import services
from competitions.enums import CompetitionStatus, TermType
from competitions.models import Clarification
from competitions.services import ConfigurationRefused, PublicationRefused
from competitions.tasks import close_due_competitions
from portal.audit.models import AuditEvent
from portal.audit.services import scope_of
from portal.errors import DomainError, TransitionError
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def config(**overrides):
    now = timezone.now()
    values = {
        "kind": "state_grant", "title_ru": "Гранты для молодёжи", "description_ru": "Поддержка инициатив.",
        "priority_area": f.priority_area(), "term_type": TermType.SHORT, "total_budget": Decimal("30000000.00"),
        "min_amount": Decimal("1000000.00"), "max_amount": Decimal("5000000.00"), "planned_grants": 6,
        "opens_at": now + timedelta(days=1), "closes_at": now + timedelta(days=30), "tie_breaks": ["criterion:1"],
    }
    values.update(overrides)
    return values


def official_of(body):
    return f.OfficialMembershipFactory(body=body).user


def with_rubric(competition):
    rubric = f.RubricFactory(competition=competition)
    f.CriterionFactory(rubric=rubric)
    return rubric


def events(competition, action=None):
    qs = AuditEvent.objects.filter(scope=scope_of(competition.pk))
    return list(qs.filter(action=action) if action else qs)


# --------------------------------------------------------------------------------------------------- create

def test_create_issues_a_yearly_reference_and_audits_the_configuration():
    body = f.GovernmentBodyFactory()
    actor = official_of(body)
    year = timezone.localdate().year
    first = services.competition_create(body=body, fields=config(), regions=[f.region()], actor=actor,
                                        required_documents=[{"document_type": "charter", "mandatory": True}])
    second = services.competition_create(body=body, fields=config(), regions=[f.region()], actor=actor)
    assert first.reference == f"SZ-{year}-0001"
    assert second.reference == f"SZ-{year}-0002"
    assert first.status == CompetitionStatus.DRAFT
    assert [(d.document_type, d.mandatory) for d in first.required_documents.all()] == [("charter", True)]
    [created] = events(first, "competition.created")
    assert created.after["required_documents"] == [{"document_type": "charter", "mandatory": True, "note": ""}]
    assert created.actor_id == actor.pk


@pytest.mark.parametrize(("overrides", "field"), [
    ({"closes_at": timezone.now()}, "closes_at"),  # before opens_at (tomorrow)
    ({"min_amount": Decimal("6000000.00"), "planned_grants": 1}, "max_amount"),
    ({"max_amount": Decimal("40000000.00")}, "max_amount"),
    ({"planned_grants": 31}, "planned_grants"),  # 31 x 1 000 000 > 30 000 000
    ({"term_type": TermType.LONG, "project_years": [2027]}, "project_years"),
    ({"tie_breaks": ["criterion:1", "criterion:1"]}, "tie_breaks"),
])
def test_create_refuses_an_inconsistent_configuration(overrides, field):
    body = f.GovernmentBodyFactory()
    with pytest.raises(ConfigurationRefused) as refused:
        services.competition_create(body=body, fields=config(**overrides), regions=[f.region()],
                                    actor=official_of(body))
    assert [p[0] for p in refused.value.problems] == [field]


def test_planned_grants_exactly_filling_the_budget_is_accepted():
    body = f.GovernmentBodyFactory()
    competition = services.competition_create(body=body, fields=config(planned_grants=30), regions=[f.region()],
                                              actor=official_of(body))
    assert competition.planned_grants == 30


def test_long_term_project_needs_years_inside_the_project_dates():
    body = f.GovernmentBodyFactory()
    fields = config(term_type=TermType.LONG, project_starts_on=date(2027, 1, 1), project_ends_on=date(2028, 12, 31),
                    project_years=[2027, 2029])
    with pytest.raises(ConfigurationRefused) as refused:
        services.competition_create(body=body, fields=fields, regions=[f.region()], actor=official_of(body))
    assert refused.value.problems[0][0] == "project_years"
    fields["project_years"] = [2027, 2028]
    competition = services.competition_create(body=body, fields=fields, regions=[f.region()], actor=official_of(body))
    assert competition.is_multi_year


def test_only_a_draft_is_editable():
    competition = f.CompetitionFactory()
    with pytest.raises(DomainError) as refused:
        services.competition_update(competition=competition, fields=config(), regions=[f.region()],
                                    required_documents=[], actor=official_of(competition.body))
    assert refused.value.code == "not_draft"


def test_update_records_only_what_changed():
    competition = f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None)
    actor = official_of(competition.body)
    fields = config(title_ru="Новое название", opens_at=competition.opens_at, closes_at=competition.closes_at,
                    planned_grants=competition.planned_grants)
    services.competition_update(competition=competition, fields=fields, regions=[f.region()],
                                required_documents=[{"document_type": "charter", "mandatory": False}], actor=actor)
    [event] = events(competition, "competition.configured")
    assert event.before["title_ru"] == competition.title_ru
    assert event.after["title_ru"] == "Новое название"
    assert event.after["required_documents"] == [{"document_type": "charter", "mandatory": False, "note": ""}]
    assert "total_budget" not in event.after


# -------------------------------------------------------------------------------------------------- publish

def draft(**kwargs):
    return f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None, **kwargs)


def test_publish_lists_every_problem_including_the_rubric():
    competition = draft(closes_at=timezone.now() - timedelta(hours=1), opens_at=timezone.now() - timedelta(days=3))
    with pytest.raises(PublicationRefused) as refused:
        services.competition_publish(competition=competition, actor=official_of(competition.body))
    assert [field for field, _message in refused.value.problems] == ["closes_at", "rubric"]
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT
    assert events(competition) == []


def test_publish_with_a_rubric_publishes_locks_the_rubric_and_audits():
    competition = draft()
    rubric = with_rubric(competition)
    actor = official_of(competition.body)
    services.competition_publish(competition=competition, actor=actor)
    competition.refresh_from_db()
    rubric.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED
    assert competition.published_at is not None
    assert rubric.locked_at is not None
    [event] = events(competition, "competition.published")
    assert event.before == {"status": "draft"} and event.actor_id == actor.pk


def test_publish_twice_is_refused():
    competition = draft()
    with_rubric(competition)
    services.competition_publish(competition=competition, actor=None)
    with pytest.raises(DomainError):
        services.competition_publish(competition=competition, actor=None)


# --------------------------------------------------------------------------------------------------- extend

def test_extend_moves_the_deadline_records_the_reason_and_notifies_applicants():
    competition = f.CompetitionFactory()
    draft_owner = f.MembershipFactory()
    submitted_owner = f.MembershipFactory()
    withdrawn_owner = f.MembershipFactory()
    f.ApplicationFactory(competition=competition, organization=draft_owner.organization)
    f.ApplicationFactory(competition=competition, organization=submitted_owner.organization,
                         status=ApplicationStatus.SUBMITTED)
    f.ApplicationFactory(competition=competition, organization=withdrawn_owner.organization,
                         status=ApplicationStatus.WITHDRAWN)
    old = competition.closes_at
    new = old + timedelta(days=7)
    services.competition_extend_deadline(competition=competition, closes_at=new, reason="Holidays",
                                         actor=official_of(competition.body))
    competition.refresh_from_db()
    assert competition.closes_at == new
    [event] = events(competition, "competition.deadline_extended")
    assert event.reason == "Holidays"
    assert event.before == {"closes_at": old.isoformat()} and event.after == {"closes_at": new.isoformat()}
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {draft_owner.user_id, submitted_owner.user_id}


@pytest.mark.parametrize(("delta", "reason", "fields"), [
    (timedelta(days=-1), "Holidays", ["closes_at"]),  # earlier than the current deadline
    (timedelta(days=3), "  ", ["reason"]),
    (timedelta(0), "", ["reason", "closes_at"]),
])
def test_extend_validation(delta, reason, fields):
    competition = f.CompetitionFactory()
    with pytest.raises(ConfigurationRefused) as refused:
        services.competition_extend_deadline(competition=competition, closes_at=competition.closes_at + delta,
                                             reason=reason, actor=None)
    assert [p[0] for p in refused.value.problems] == fields


@pytest.mark.parametrize("status", [CompetitionStatus.DRAFT, CompetitionStatus.CLOSED])
def test_extend_only_while_published(status):
    competition = f.CompetitionFactory(status=status)
    with pytest.raises(DomainError) as refused:
        services.competition_extend_deadline(competition=competition, closes_at=competition.closes_at
                                             + timedelta(days=5), reason="x", actor=None)
    assert refused.value.code == "not_extendable"


def test_extend_after_the_deadline_is_refused_even_before_beat_closed_it():
    competition = f.CompetitionFactory(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(DomainError):
        services.competition_extend_deadline(competition=competition, closes_at=timezone.now() + timedelta(days=5),
                                             reason="late", actor=None)


# --------------------------------------------------------------------------------------------------- cancel

def test_cancel_needs_a_reason():
    competition = f.CompetitionFactory()
    with pytest.raises(ConfigurationRefused):
        services.competition_cancel(competition=competition, reason=" ", actor=None)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED


def test_cancel_notifies_applicants_and_observers():
    competition = f.CompetitionFactory()
    actor = official_of(competition.body)
    colleague = official_of(competition.body)
    observer = f.ObserverMembershipFactory(body=competition.body).user
    applicant = f.MembershipFactory()
    withdrawn = f.MembershipFactory()
    f.ApplicationFactory(competition=competition, organization=applicant.organization)
    f.ApplicationFactory(competition=competition, organization=withdrawn.organization,
                         status=ApplicationStatus.WITHDRAWN)
    services.competition_cancel(competition=competition, reason="Budget withdrawn", actor=actor)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CANCELLED
    assert competition.cancellation_reason == "Budget withdrawn"
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {colleague.pk, observer.pk, applicant.user_id, withdrawn.user_id}
    [event] = events(competition, "competition.cancelled")
    assert event.reason == "Budget withdrawn"


def test_cancelled_competition_cannot_be_cancelled_again():
    competition = f.CompetitionFactory(status=CompetitionStatus.CANCELLED)
    with pytest.raises(TransitionError):
        services.competition_cancel(competition=competition, reason="again", actor=None)


# ---------------------------------------------------------------------------------------------------- close

def test_close_now_only_after_the_deadline():
    competition = f.CompetitionFactory()
    with pytest.raises(DomainError) as refused:
        services.competition_close_now(competition=competition, actor=None)
    assert refused.value.code == "window_open"
    later = competition.closes_at + timedelta(seconds=1)
    services.competition_close_now(competition=competition, actor=official_of(competition.body), now=later)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED


def test_beat_task_twice_closes_once():
    due = f.CompetitionFactory(closes_at=timezone.now() - timedelta(minutes=5))
    still_open = f.CompetitionFactory()
    assert close_due_competitions() == 1
    assert close_due_competitions() == 0
    due.refresh_from_db()
    still_open.refresh_from_db()
    assert due.status == CompetitionStatus.CLOSED
    assert still_open.status == CompetitionStatus.PUBLISHED
    assert len(events(due, "competition.closed")) == 1


def test_drafts_are_kept_after_closing_but_cannot_be_submitted():
    competition = f.CompetitionFactory(closes_at=timezone.now() - timedelta(minutes=5))
    application = f.ApplicationFactory(competition=competition)
    close_due_competitions()
    application.refresh_from_db()
    competition.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert [p.code for p in deadline_problems(application, now=timezone.now())] == ["deadline_passed"]


# ------------------------------------------------------------------------------------------- clarifications

def test_answer_publishes_and_an_edit_keeps_the_earlier_text_in_the_audit():
    competition = f.CompetitionFactory()
    actor = official_of(competition.body)
    question = Clarification.objects.create(competition=competition, question="May a branch apply?")
    services.clarification_answer(clarification=question, answer="Yes.", actor=actor)
    question.refresh_from_db()
    first_answered_at = question.answered_at
    assert question.is_published and question.answer == "Yes."
    services.clarification_answer(clarification=question, answer="Yes, with consent of the head office.",
                                  actor=actor)
    question.refresh_from_db()
    assert question.answer == "Yes, with consent of the head office."
    assert question.answered_at == first_answered_at
    answered, edited = events(competition)
    assert (answered.action, answered.after) == ("clarification.answered", {"answer": "Yes."})
    assert edited.action == "clarification.answer_edited"
    assert edited.before == {"answer": "Yes."}
    assert edited.after == {"answer": "Yes, with consent of the head office."}


def test_an_empty_answer_is_refused():
    question = Clarification.objects.create(competition=f.CompetitionFactory(), question="?")
    with pytest.raises(ConfigurationRefused):
        services.clarification_answer(clarification=question, answer="  ", actor=None)
