"""Services of the review work: rubrics, invitations, pool and assignment, declarations, evaluation."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError, StaleVersionError
from portal.notifications.models import Notification
from scoring import services
from scoring.enums import AssignmentStatus
from scoring.models import (
    Assignment,
    AutoAssignmentProposal,
    ConflictDeclaration,
    DeclarationOverride,
    ProposalKind,
    Rubric,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(official):
    """A competition under review (k=2) with a 3-criterion rubric, 4 admitted applications and 4 pool experts."""
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2,
                                       evaluation_deadline=date(2030, 1, 31))
    rubric = f.RubricFactory(competition=competition, body=body)
    criteria = [f.CriterionFactory(rubric=rubric, order=1, max_score=D(10), weight=D(1), comment_required=True),
                f.CriterionFactory(rubric=rubric, order=2, max_score=D(5), step=D("0.5"), weight=D(2)),
                f.CriterionFactory(rubric=rubric, order=3, min_score=D(1), max_score=D(9), weight=D("0.5"))]
    applications = [f.ApplicationFactory(competition=competition, status="admitted") for _ in range(4)]
    experts = [f.ExpertProfileFactory() for _ in range(4)]
    services.pool_add(competition=competition, experts=experts, actor=official)
    return competition, criteria, applications, experts


def _full_scores(criteria, values=(8, "4.5", 7)):
    return {c.pk: (D(str(v)), "because") for c, v in zip(criteria, values, strict=True)}


# ------------------------------------------------------------------------------------------- rubrics

def test_rubric_choose_copies_and_replaces_unlocked_copy(official):
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    template = Rubric.objects.filter(is_template=True).first()
    copy = services.competition_rubric_choose(competition=competition, source=template, actor=official)
    assert copy.competition == competition and copy.copied_from == template
    assert copy.criteria.count() == template.criteria.count()
    again = services.competition_rubric_choose(competition=competition, source=template, actor=official)
    assert Rubric.objects.filter(competition=competition).get() == again
    assert AuditEvent.objects.filter(action="competition.rubric_chosen").count() == 2
    other = f.RubricFactory(body=f.GovernmentBodyFactory())
    f.CriterionFactory(rubric=other)
    with pytest.raises(DomainError):
        services.competition_rubric_choose(competition=competition, source=other, actor=official)


def test_locked_rubric_refuses_edit_and_new_version_copies(official):
    rubric = f.RubricFactory(body=official.official_memberships.get().body, locked_at=timezone.now())
    f.CriterionFactory(rubric=rubric, order=1, title="Relevance")
    with pytest.raises(DomainError) as refused:
        services.rubric_update(rubric=rubric, actor=official, name="x", criteria=[])
    assert refused.value.code == "rubric_locked"
    copy = services.rubric_new_version(rubric=rubric, actor=official)
    assert (copy.version, copy.previous_version, copy.locked_at) == (2, rubric, None)
    assert list(copy.criteria.values_list("title", flat=True)) == ["Relevance"]


def test_rubric_update_reorders_and_validates(official):
    body = official.official_memberships.get().body
    row = {"title": "A", "description": "", "guidance": [], "min_score": D(0), "max_score": D(5), "step": D("0.5"),
           "weight": D(1), "min_required": None, "comment_required": False}
    rubric = services.rubric_create(name="R", actor=official, body=body, criteria=[row, dict(row, title="B")])
    first, second = rubric.criteria.all()
    services.rubric_update(rubric=rubric, actor=official, name="R", criteria=[
        dict(row, id=second.pk, title="B"), dict(row, id=first.pk, title="A")])
    assert list(rubric.criteria.values_list("title", "order")) == [("B", 1), ("A", 2)]
    with pytest.raises(services.ProblemsError) as refused:
        services.rubric_update(rubric=rubric, actor=official, name="R", criteria=[dict(row, step=D(2))])
    assert refused.value.problems[0][0] == "0-step"


# ------------------------------------------------------------------------------------- invitations

def test_invitation_token_and_acceptance(official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.expert_invite(email="New.Expert@Example.org", actor=official)
    assert len(mail.outbox) == 1 and "/experts/invitation/" in mail.outbox[0].body
    token = services.expert_invitation_token(invitation)
    assert services.expert_invitation_from_token(token) == invitation
    assert services.expert_invitation_from_token(token + "x") is None
    user = f.UserFactory(email="new.expert@example.org")
    profile = services.expert_invitation_accept(invitation=invitation, user=user)
    assert profile.user == user and profile.invited_by == official
    assert services.expert_invitation_from_token(token) is None  # used
    with pytest.raises(DomainError):
        services.expert_invite(email="new.expert@example.org", actor=official)


# ------------------------------------------------------------------------------------- assignment

def test_propose_and_confirm_creates_k_per_application_and_notifies(review, official):
    competition, _criteria, applications, experts = review
    proposal = services.assignment_propose(competition=competition, actor=official, seed=3, max_load=2)
    assert len(proposal.pairs) == 8 and proposal.stats["min_load"] == proposal.stats["max_load"] == 2
    assert Assignment.objects.count() == 0  # a proposal assigns nothing
    created = services.assignment_proposal_confirm(proposal=proposal, actor=official)
    assert len(created) == 8
    for application in applications:
        assert application.assignments.filter(status=AssignmentStatus.OFFERED).count() == 2
    assert set(Assignment.objects.values_list("due_on", flat=True)) == {date(2030, 1, 31)}
    assert Notification.objects.filter(user__in=[e.user for e in experts]).count() == 4
    assert "2030-01-31" in Notification.objects.first().body
    assert services.assignment_proposal_confirm(proposal=proposal, actor=official) == []  # idempotent


def test_same_seed_gives_the_same_proposal(review, official):
    competition = review[0]
    first = services.assignment_propose(competition=competition, actor=official, seed=11, max_load=3)
    second = services.assignment_propose(competition=competition, actor=official, seed=11, max_load=3)
    assert first.pairs == second.pairs


def test_infeasible_proposal_is_explained_and_stores_nothing(review, official):
    competition, _criteria, applications, experts = review
    with pytest.raises(services.AssignmentRefused) as refused:
        services.assignment_propose(competition=competition, actor=official, max_load=1)
    assert refused.value.details["slots_needed"] == 8
    assert refused.value.details["capacity_available"] == 4
    assert "8" in str(refused.value.message) and "4" in str(refused.value.message)
    assert AutoAssignmentProposal.objects.count() == 0


def test_solver_never_pairs_a_member_of_the_applicant(review, official):
    competition, _criteria, applications, experts = review
    f.MembershipFactory(user=experts[0].user, organization=applications[0].organization)
    proposal = services.assignment_propose(competition=competition, actor=official, max_load=3)
    assert [experts[0].pk, applications[0].pk] not in proposal.pairs
    with pytest.raises(DomainError) as refused:
        services.assignment_create(application=applications[0], expert=experts[0], actor=official)
    assert refused.value.code == "conflict_of_interest"


def test_stale_proposal_is_refused(review, official):
    competition, _criteria, applications, experts = review
    proposal = services.assignment_propose(competition=competition, actor=official, max_load=2)
    expert_id, application_id = proposal.pairs[0]
    services.assignment_create(application=applications[[a.pk for a in applications].index(application_id)],
                               expert=next(e for e in experts if e.pk == expert_id), actor=official)
    with pytest.raises(DomainError) as refused:
        services.assignment_proposal_confirm(proposal=proposal, actor=official)
    assert refused.value.code == "proposal_stale"


def test_manual_remove_only_while_offered(review, official):
    _competition, _criteria, applications, experts = review
    assignment = services.assignment_create(application=applications[0], expert=experts[0], actor=official)
    services.conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=False)
    with pytest.raises(DomainError):
        services.assignment_remove(assignment=assignment, actor=official)
    other = services.assignment_create(application=applications[0], expert=experts[1], actor=official)
    services.assignment_remove(assignment=other, actor=official, reason="wrong expert")
    assert not Assignment.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.filter(action="assignment.removed", reason="wrong expert").exists()


def test_recusal_frees_a_slot_that_the_reserve_fills(review, official):
    competition, _criteria, applications, experts = review
    reserve = f.ExpertProfileFactory()
    services.pool_add(competition=competition, experts=[reserve], actor=official, is_reserve=True)
    services.assignment_proposal_confirm(
        proposal=services.assignment_propose(competition=competition, actor=official, max_load=2), actor=official)
    recusing = Assignment.objects.filter(application=applications[0]).first()
    services.conflict_declare(assignment=recusing, actor=recusing.expert.user, has_conflict=True,
                              conflict_type="relative", note="My sister chairs the board")
    recusing.refresh_from_db()
    assert recusing.status == AssignmentStatus.RECUSED
    fill = services.assignment_propose(competition=competition, actor=official, kind=ProposalKind.FILL)
    assert fill.pairs == [[reserve.pk, applications[0].pk]]
    created = services.assignment_proposal_confirm(proposal=fill, actor=official)
    assert created[0].is_reserve


# ------------------------------------------------------------------------------------- declarations

def test_declaration_is_immutable_and_opens_or_recuses(review, official):
    _competition, _criteria, applications, experts = review
    assignment = services.assignment_create(application=applications[0], expert=experts[0], actor=official)
    with pytest.raises(services.ProblemsError):
        services.conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                  conflict_type="employee", note="")
    services.conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=False)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and hasattr(assignment, "evaluation")
    with pytest.raises(DomainError) as refused:
        services.conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                  conflict_type="employee", note="changed my mind")
    assert refused.value.code == "declaration_exists"
    assert ConflictDeclaration.objects.get(assignment=assignment).has_conflict is False


def test_official_override_dismisses_a_declared_conflict_with_reason(review, official):
    _competition, _criteria, applications, experts = review
    assignment = services.assignment_create(application=applications[0], expert=experts[0], actor=official)
    declaration = services.conflict_declare(assignment=assignment, actor=experts[0].user, has_conflict=True,
                                            conflict_type="other", note="I once attended their event")
    with pytest.raises(services.ProblemsError):
        services.declaration_override(declaration=declaration, action=DeclarationOverride.DISMISS_CONFLICT,
                                      reason=" ", actor=official)
    services.declaration_override(declaration=declaration, action=DeclarationOverride.DISMISS_CONFLICT,
                                  reason="Attending a public event is no tie", actor=official)
    assignment.refresh_from_db()
    declaration.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and declaration.has_conflict is True
    assert AuditEvent.objects.filter(action="declaration.dismiss_conflict").exists()


def test_confirmed_potential_conflict_withdraws_the_offer(review, official):
    _competition, _criteria, applications, experts = review
    expert = f.ExpertProfileFactory(user=f.UserFactory(email="x@ngo-gamma.kz"))
    f.MembershipFactory(user=f.UserFactory(email="y@ngo-gamma.kz"), organization=applications[0].organization)
    assignment = services.assignment_create(application=applications[0], expert=expert, actor=official)
    services.potential_conflict_decide(application=applications[0], expert=expert, decision="confirmed",
                                       actor=official)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    with pytest.raises(DomainError):
        services.assignment_create(application=applications[0], expert=expert, actor=official)


# ------------------------------------------------------------------------------------------ evaluation

def _accepted(review, official, index=0, application=0):
    _competition, _criteria, applications, experts = review
    assignment = services.assignment_create(application=applications[application], expert=experts[index],
                                            actor=official)
    services.conflict_declare(assignment=assignment, actor=experts[index].user, has_conflict=False)
    assignment.refresh_from_db()
    return assignment


def test_draft_submit_total_and_read_only(review, official):
    _competition, criteria, _applications, _experts = review
    assignment = _accepted(review, official)
    user = assignment.expert.user
    scores = _full_scores(criteria)
    partial = {criteria[0].pk: (D(8), "")}
    evaluation = services.evaluation_save_draft(assignment=assignment, actor=user, scores=partial, version=1)
    assert evaluation.total == D(8) and evaluation.version == 2
    with pytest.raises(StaleVersionError):
        services.evaluation_save_draft(assignment=assignment, actor=user, scores=scores, version=1)
    with pytest.raises(services.ProblemsError) as refused:
        services.evaluation_submit(assignment=assignment, actor=user)
    assert {key for key, _m in refused.value.problems} == {f"comment:{criteria[0].pk}", f"criterion:{criteria[1].pk}",
                                                          f"criterion:{criteria[2].pk}"}
    with pytest.raises(services.ProblemsError):
        services.evaluation_save_draft(assignment=assignment, actor=user,
                                       scores={criteria[1].pk: (D("4.25"), "")}, version=2)
    services.evaluation_save_draft(assignment=assignment, actor=user, scores=scores, version=2, comment="Good")
    evaluation = services.evaluation_submit(assignment=assignment, actor=user)
    assert evaluation.total == D(8) + 2 * D("4.5") + D("0.5") * 7  # 20.5
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    with pytest.raises(DomainError):
        services.evaluation_save_draft(assignment=assignment, actor=user, scores=scores)


def test_reopen_needs_reason_and_notifies(review, official):
    _competition, criteria, _applications, _experts = review
    assignment = _accepted(review, official)
    user = assignment.expert.user
    services.evaluation_save_draft(assignment=assignment, actor=user, scores=_full_scores(criteria))
    services.evaluation_submit(assignment=assignment, actor=user)
    with pytest.raises(services.ProblemsError):
        services.evaluation_reopen(assignment=assignment, actor=official, reason="")
    services.evaluation_reopen(assignment=assignment, actor=official, reason="Criterion 2 comment missing")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REOPENED
    assert Notification.objects.filter(user=user, body__contains="Criterion 2 comment missing").exists()
    services.evaluation_submit(assignment=assignment, actor=user)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED


def test_divergence_adds_an_expert_automatically_when_configured(review, official):
    competition, criteria, applications, experts = review
    competition.auto_add_expert_on_divergence = True
    competition.save()
    first, second = _accepted(review, official, 0), _accepted(review, official, 1)
    services.evaluation_save_draft(assignment=first, actor=first.expert.user, scores=_full_scores(criteria, (10, 5, 9)))
    services.evaluation_submit(assignment=first, actor=first.expert.user)  # 24.5
    services.evaluation_save_draft(assignment=second, actor=second.expert.user,
                                   scores=_full_scores(criteria, (1, "0.5", 1)))
    services.evaluation_submit(assignment=second, actor=second.expert.user)  # 2.5: differs by ~90 %
    assert applications[0].assignments.count() == 3
    third = applications[0].assignments.exclude(pk__in=[first.pk, second.pk]).get()
    assert third.status == AssignmentStatus.OFFERED and third.expert in experts[2:]


def test_reminders_two_working_days_before_and_overdue_once_a_day(review, official):
    _competition, _criteria, applications, experts = review
    now = timezone.now()
    today = timezone.localdate(now)
    soon = services.assignment_create(application=applications[0], expert=experts[0], actor=official,
                                      due_on=today + timedelta(days=1))
    late = services.assignment_create(application=applications[1], expert=experts[1], actor=official,
                                      due_on=today - timedelta(days=3))
    far = services.assignment_create(application=applications[2], expert=experts[2], actor=official,
                                     due_on=today + timedelta(days=30))
    Notification.objects.all().delete()
    assert services.review_reminders_send(now=now) == 2
    assert services.review_reminders_send(now=now + timedelta(minutes=5)) == 0
    assert set(Notification.objects.values_list("user_id", flat=True)) == {soon.expert.user_id, late.expert.user_id}
    far.refresh_from_db()
    assert far.reminded_at is None
    assert services.review_reminders_send(now=now + timedelta(days=1)) >= 1
