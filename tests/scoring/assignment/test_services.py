"""Services of the assignment: pool, proposals, manual assignment, declarations, reminders."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from scoring.assignment.services import (
    assignment_create,
    assignment_proposal_confirm,
    assignment_propose,
    assignment_remove,
    conflict_declare,
    declaration_override,
    potential_conflict_decide,
    review_reminders_send,
)
from scoring.enums import AssignmentStatus
from scoring.errors import AssignmentRefused, ProblemsError
from scoring.experts.services import pool_add
from scoring.models import (
    Assignment,
    AutoAssignmentProposal,
    ConflictDeclaration,
    DeclarationOverride,
    ProposalKind,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_propose_and_confirm_creates_k_per_application_and_notifies(review, official):
    competition, _criteria, applications, experts = review
    proposal = assignment_propose(competition=competition, actor=official, seed=3, max_load=2)
    assert len(proposal.pairs) == 8 and proposal.stats["min_load"] == proposal.stats["max_load"] == 2
    assert Assignment.objects.count() == 0  # a proposal assigns nothing
    created = assignment_proposal_confirm(proposal=proposal, actor=official)
    assert len(created) == 8
    for application in applications:
        assert application.assignments.filter(status=AssignmentStatus.OFFERED).count() == 2
    assert set(Assignment.objects.values_list("due_on", flat=True)) == {date(2030, 1, 31)}
    assert Notification.objects.filter(user__in=[e.user for e in experts]).count() == 4
    assert "2030-01-31" in Notification.objects.first().body
    assert assignment_proposal_confirm(proposal=proposal, actor=official) == []  # idempotent


def test_same_seed_gives_the_same_proposal(review, official):
    competition = review[0]
    first = assignment_propose(competition=competition, actor=official, seed=11, max_load=3)
    second = assignment_propose(competition=competition, actor=official, seed=11, max_load=3)
    assert first.pairs == second.pairs


def test_infeasible_proposal_is_explained_and_stores_nothing(review, official):
    competition, _criteria, applications, experts = review
    with pytest.raises(AssignmentRefused) as refused:
        assignment_propose(competition=competition, actor=official, max_load=1)
    assert refused.value.details["slots_needed"] == 8
    assert refused.value.details["capacity_available"] == 4
    assert "8" in str(refused.value.message) and "4" in str(refused.value.message)
    assert AutoAssignmentProposal.objects.count() == 0


def test_solver_never_pairs_a_member_of_the_applicant(review, official):
    competition, _criteria, applications, experts = review
    f.MembershipFactory(user=experts[0].user, organization=applications[0].organization)
    proposal = assignment_propose(competition=competition, actor=official, max_load=3)
    assert [experts[0].pk, applications[0].pk] not in proposal.pairs
    with pytest.raises(DomainError) as refused:
        assignment_create(application=applications[0], expert=experts[0], actor=official)
    assert refused.value.code == "conflict_of_interest"


def test_stale_proposal_is_refused(review, official):
    competition, _criteria, applications, experts = review
    proposal = assignment_propose(competition=competition, actor=official, max_load=2)
    expert_id, application_id = proposal.pairs[0]
    assignment_create(application=applications[[a.pk for a in applications].index(application_id)],
                               expert=next(e for e in experts if e.pk == expert_id), actor=official)
    with pytest.raises(DomainError) as refused:
        assignment_proposal_confirm(proposal=proposal, actor=official)
    assert refused.value.code == "proposal_stale"


def test_manual_remove_only_while_offered(review, official):
    _competition, _criteria, applications, experts = review
    assignment = assignment_create(application=applications[0], expert=experts[0], actor=official)
    conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=False)
    with pytest.raises(DomainError):
        assignment_remove(assignment=assignment, actor=official)
    other = assignment_create(application=applications[0], expert=experts[1], actor=official)
    assignment_remove(assignment=other, actor=official, reason="wrong expert")
    assert not Assignment.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.filter(action="assignment.removed", reason="wrong expert").exists()


def test_recusal_frees_a_slot_that_the_reserve_fills(review, official):
    competition, _criteria, applications, experts = review
    reserve = f.ExpertProfileFactory()
    pool_add(competition=competition, experts=[reserve], actor=official, is_reserve=True)
    assignment_proposal_confirm(
        proposal=assignment_propose(competition=competition, actor=official, max_load=2), actor=official)
    recusing = Assignment.objects.filter(application=applications[0]).first()
    conflict_declare(assignment=recusing, actor=recusing.expert.user, has_conflict=True,
                              conflict_type="relative", note="My sister chairs the board")
    recusing.refresh_from_db()
    assert recusing.status == AssignmentStatus.RECUSED
    fill = assignment_propose(competition=competition, actor=official, kind=ProposalKind.FILL)
    assert fill.pairs == [[reserve.pk, applications[0].pk]]
    created = assignment_proposal_confirm(proposal=fill, actor=official)
    assert created[0].is_reserve


# ------------------------------------------------------------------------------------- declarations

def test_declaration_is_immutable_and_opens_or_recuses(review, official):
    _competition, _criteria, applications, experts = review
    assignment = assignment_create(application=applications[0], expert=experts[0], actor=official)
    with pytest.raises(ProblemsError):
        conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                  conflict_type="employee", note="")
    conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=False)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and hasattr(assignment, "evaluation")
    with pytest.raises(DomainError) as refused:
        conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                  conflict_type="employee", note="changed my mind")
    assert refused.value.code == "declaration_exists"
    assert ConflictDeclaration.objects.get(assignment=assignment).has_conflict is False


def test_official_override_dismisses_a_declared_conflict_with_reason(review, official):
    _competition, _criteria, applications, experts = review
    assignment = assignment_create(application=applications[0], expert=experts[0], actor=official)
    declaration = conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                            conflict_type="other", note="I once attended their event")
    with pytest.raises(ProblemsError):
        declaration_override(declaration=declaration, action=DeclarationOverride.DISMISS_CONFLICT,
                                      reason=" ", actor=official)
    declaration_override(declaration=declaration, action=DeclarationOverride.DISMISS_CONFLICT,
                                  reason="Attending a public event is no tie", actor=official)
    assignment.refresh_from_db()
    declaration.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and declaration.has_conflict is True
    assert AuditEvent.objects.filter(action="declaration.dismiss_conflict").exists()


def test_confirmed_potential_conflict_withdraws_the_offer(review, official):
    _competition, _criteria, applications, experts = review
    expert = f.ExpertProfileFactory(user=f.UserFactory(email="x@ngo-gamma.kz"))
    f.MembershipFactory(user=f.UserFactory(email="y@ngo-gamma.kz"), organization=applications[0].organization)
    assignment = assignment_create(application=applications[0], expert=expert, actor=official)
    potential_conflict_decide(application=applications[0], expert=expert, decision="confirmed",
                                       actor=official)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    with pytest.raises(DomainError):
        assignment_create(application=applications[0], expert=expert, actor=official)


def test_reminders_two_working_days_before_and_overdue_once_a_day(review, official):
    _competition, _criteria, applications, experts = review
    now = timezone.now()
    today = timezone.localdate(now)
    soon = assignment_create(application=applications[0], expert=experts[0], actor=official,
                                      due_on=today + timedelta(days=1))
    late = assignment_create(application=applications[1], expert=experts[1], actor=official,
                                      due_on=today - timedelta(days=3))
    far = assignment_create(application=applications[2], expert=experts[2], actor=official,
                                     due_on=today + timedelta(days=30))
    Notification.objects.all().delete()
    assert review_reminders_send(now=now) == 2
    assert review_reminders_send(now=now + timedelta(minutes=5)) == 0
    assert set(Notification.objects.values_list("user_id", flat=True)) == {soon.expert.user_id, late.expert.user_id}
    far.refresh_from_db()
    assert far.reminded_at is None
    assert review_reminders_send(now=now + timedelta(days=1)) >= 1
