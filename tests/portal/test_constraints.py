"""Every database constraint of the domain holds in the database itself, not only in forms.

``VIOLATIONS`` maps each named ``CheckConstraint``/``UniqueConstraint`` (and the key unique fields) to a
write that breaks it behind the ORM's validation (``QuerySet.update`` or a plain ``create``). Each must
raise ``IntegrityError``; for check constraints (and unique ones on PostgreSQL) the error must name the
constraint, so the right rule fired. ``test_every_named_constraint_has_a_violation`` fails when a model
gains a constraint that has no row here: add one.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint, F, UniqueConstraint
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Activity, Application, Attachment, BudgetLine
from competitions.models import Clarification, Competition, RequiredDocument
from portal.accounts.models import ExpertAffiliation, Membership, ObserverMembership, OfficialMembership
from portal.reference.models import ExtraHoliday, MciRate
from scoring.enums import ReportFormat
from scoring.models import (
    Appeal,
    Assignment,
    ConflictDeclaration,
    CriterionScore,
    Evaluation,
    RankingSnapshot,
    Report,
    Rubric,
)
from tests import factories as f

DOMAIN_APPS = {"accounts", "reference", "audit", "notifications", "competitions", "applications", "scoring",
               "planning", "councils"}


def update(obj, **values):
    type(obj).objects.filter(pk=obj.pk).update(**values)


def snapshot(competition, number=1, is_current=True):
    return RankingSnapshot.objects.create(competition=competition, number=number, data={}, canonical="{}",
                                          sha256="0" * 64, is_current=is_current)


def _competition(field_values):
    def violate():
        update(f.CompetitionFactory(), **field_values)
    return violate


def _application(**values):
    def violate():
        update(f.ApplicationFactory(), **values)
    return violate


def _budget_line(**values):
    def violate():
        update(f.BudgetLineFactory(), **values)
    return violate


def _criterion(**values):
    def violate():
        update(f.CriterionFactory(), **values)
    return violate


def _audit_event(**values):
    from portal import audit

    update(audit.record(actor=None, action="test.event"), **values)


def violate_required_document():
    document = f.RequiredDocumentFactory(document_type="charter")
    RequiredDocument.objects.create(competition=document.competition, document_type="charter")


def violate_clarification():
    Clarification.objects.create(competition=f.CompetitionFactory(), question="When?", answer="",
                                 answered_at=timezone.now())


def violate_activity():
    Activity.objects.create(application=f.ApplicationFactory(), title="Training",
                            starts_on=date(2026, 6, 2), ends_on=date(2026, 6, 1))


def violate_attachment():
    Attachment.objects.create(application=f.ApplicationFactory(), document_type="charter", file="x",
                              original_name="charter.pdf", content_type="application/pdf", size=0, sha256="0" * 64)


def violate_criterion_order():
    criterion = f.CriterionFactory()
    f.CriterionFactory(rubric=criterion.rubric, order=criterion.order)


def violate_assignment_pair():
    assignment = f.AssignmentFactory()
    Assignment.objects.create(application=assignment.application, expert=assignment.expert)


def violate_declaration_type():
    ConflictDeclaration.objects.create(assignment=f.AssignmentFactory(), has_conflict=True, conflict_type="")


def violate_declaration_type_without_conflict():
    ConflictDeclaration.objects.create(assignment=f.AssignmentFactory(), has_conflict=False, conflict_type="founder")


def violate_one_declaration():
    declaration = ConflictDeclaration.objects.create(assignment=f.AssignmentFactory(), has_conflict=False)
    ConflictDeclaration.objects.create(assignment=declaration.assignment, has_conflict=False)


def violate_one_evaluation():
    evaluation = f.EvaluationFactory()
    Evaluation.objects.create(assignment=evaluation.assignment)


def violate_criterion_score():
    evaluation = f.EvaluationFactory()
    criterion = f.CriterionFactory()
    CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, value=Decimal("5"))
    CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, value=Decimal("6"))


def violate_snapshot_number():
    competition = f.CompetitionFactory()
    snapshot(competition, number=1, is_current=False)
    snapshot(competition, number=1, is_current=False)


def violate_snapshot_current():
    competition = f.CompetitionFactory()
    snapshot(competition, number=1)
    snapshot(competition, number=2)


def violate_report_once():
    frozen = snapshot(f.CompetitionFactory())
    Report.objects.create(snapshot=frozen, format=ReportFormat.PDF, language="kk")
    Report.objects.create(snapshot=frozen, format=ReportFormat.PDF, language="kk")


def violate_report_progress():
    Report.objects.create(snapshot=snapshot(f.CompetitionFactory()), format=ReportFormat.CSV, progress=101)


def violate_appeal():
    Appeal.objects.create(application=f.ApplicationFactory(status=ApplicationStatus.NOT_FUNDED), reason="Unfair",
                          status="dismissed", reasoning="")


def violate_mci():
    MciRate.objects.create(year=1990, amount=Decimal("0"))


def violate_membership():
    membership = f.MembershipFactory()
    Membership.objects.create(user=membership.user, organization=membership.organization, role="editor")


def violate_user_iin():
    f.UserFactory(iin="900101000010")
    f.UserFactory(iin="900101000010")


def violate_official_membership():
    membership = f.OfficialMembershipFactory()
    OfficialMembership.objects.create(user=membership.user, body=membership.body)


def violate_observer_membership():
    membership = f.ObserverMembershipFactory()
    ObserverMembership.objects.create(user=membership.user, body=membership.body)


def violate_affiliation():
    ExpertAffiliation.objects.create(expert=f.ExpertProfileFactory(), organization_bin=f.make_bin(),
                                     organization_name="NGO", kind="employee",
                                     started_on=date(2025, 1, 1), ended_on=date(2024, 12, 31))


def violate_one_rubric_per_competition():
    competition = f.CompetitionFactory()
    Rubric.objects.create(name="A", competition=competition)
    Rubric.objects.create(name="B", competition=competition)


def violate_registration_number():
    first = f.ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    f.ApplicationFactory(status=ApplicationStatus.SUBMITTED, registration_number=first.registration_number)


def violate_organization_bin():
    f.OrganizationFactory(bin=f.OrganizationFactory().bin)


def violate_competition_reference():
    f.CompetitionFactory(reference=f.CompetitionFactory().reference)


def violate_extra_holiday():
    ExtraHoliday.objects.create(date=date(2026, 1, 5))
    ExtraHoliday.objects.create(date=date(2026, 1, 5), is_day_off=False)


TOMORROW = timezone.now() + timedelta(days=1)


def _scoring_violation(which):
    from scoring.models import DeclarationOverride, PoolMember, PotentialConflictDecision

    assignment = f.AssignmentFactory()
    if which == "pool":
        competition = assignment.application.competition
        PoolMember.objects.create(competition=competition, expert=assignment.expert)
        PoolMember.objects.create(competition=competition, expert=assignment.expert)
    elif which == "potential":
        for _ in range(2):
            PotentialConflictDecision.objects.create(application=assignment.application, expert=assignment.expert,
                                                     decision="dismissed")
    else:
        declaration = ConflictDeclaration.objects.create(assignment=assignment, has_conflict=False)
        DeclarationOverride.objects.create(declaration=declaration, action="record_conflict", reason="")

def violate_channel_link():
    from portal.notifications.models import ChannelLink

    user = f.UserFactory()
    ChannelLink.objects.create(user=user, channel="sms", address="+77010000001")
    ChannelLink.objects.create(user=user, channel="sms", address="+77010000002")


def violate_channel_preference():
    from portal.notifications.models import ChannelPreference

    user = f.UserFactory()
    for _ in range(2):
        ChannelPreference.objects.create(user=user, channel="sms", kind="applications")


# name -> (callable that violates it, whether the database error must name it)
VIOLATIONS = {
    "one_link_per_channel": violate_channel_link,
    "one_preference_per_kind": violate_channel_preference,
    "competition_min_amount_not_negative": _competition({"min_amount": Decimal("-1.00")}),
    "competition_min_le_max": _competition({"min_amount": Decimal("5000000.01")}),
    "competition_max_le_budget": _competition({"max_amount": Decimal("30000000.01")}),
    "competition_opens_before_closes": _competition({"opens_at": F("closes_at")}),
    "competition_planned_grants_positive": _competition({"planned_grants": 0}),
    "competition_project_dates_ordered": _competition({"project_starts_on": date(2026, 7, 1),
                                                       "project_ends_on": date(2026, 7, 1)}),
    "competition_has_a_title": _competition({"title_kk": "", "title_ru": "", "title_en": ""}),
    "required_document_unique_type": violate_required_document,
    "clarification_answered_has_text": violate_clarification,
    "application_amount_not_negative": _application(requested_amount=Decimal("-0.01")),
    "application_cofinancing_not_negative": _application(co_financing=Decimal("-0.01")),
    "application_registered_once_submitted": _application(status=ApplicationStatus.SUBMITTED),
    "budget_line_quantity_positive": _budget_line(quantity=Decimal("0")),
    "budget_line_unit_cost_not_negative": _budget_line(unit_cost=Decimal("-1")),
    "activity_dates_ordered": violate_activity,
    "attachment_not_empty": violate_attachment,
    "criterion_unique_order": violate_criterion_order,
    "criterion_weight_positive": _criterion(weight=Decimal("0")),
    "criterion_step_positive": _criterion(step=Decimal("0")),
    "criterion_scale_ordered": _criterion(min_score=Decimal("10")),
    "criterion_min_required_on_scale": _criterion(min_required=Decimal("11")),
    "assignment_one_per_expert_application": violate_assignment_pair,
    "declaration_type_iff_conflict": violate_declaration_type,
    "criterion_score_unique": violate_criterion_score,
    "snapshot_unique_number": violate_snapshot_number,
    "snapshot_one_current": violate_snapshot_current,
    "report_once_per_snapshot_format_language": violate_report_once,
    "report_progress_le_100": violate_report_progress,
    "appeal_decision_has_reasoning": violate_appeal,
    "mci_amount_positive": violate_mci,
    "membership_unique": violate_membership,
    "user_iin_unique": violate_user_iin,
    "official_membership_unique": violate_official_membership,
    "observer_membership_unique": violate_observer_membership,
    "affiliation_dates_ordered": violate_affiliation,
    # --- scoring: pool, potential conflicts, declaration overrides ---
    "pool_member_unique": lambda: _scoring_violation("pool"),
    "potential_conflict_once": lambda: _scoring_violation("potential"),
    "declaration_override_has_reason": lambda: _scoring_violation("override"),
    # --- audit: sealed means seq and hash together ---
    "audit_event_sealed_whole": lambda: _audit_event(seq=1),
}



# --- planning and public councils ---------------------------------------------------------------------------

def _plan(**values):
    def violate():
        update(f.PlanFactory(), **values)
    return violate


def _item(**values):
    def violate():
        update(f.PlanItemFactory(), **values)
    return violate


def _comment(**values):
    def violate():
        from planning.models import DiscussionComment

        comment = DiscussionComment.objects.create(plan=f.PlanFactory(), text="C")
        update(comment, **values)
    return violate


def _proposal(**values):
    def violate():
        update(f.TopicProposalFactory(status="submitted", decision_reason=""), **values)
    return violate


def _evidence(**values):
    def violate():
        from planning.models import Evidence

        evidence = Evidence.objects.create(item=f.PlanItemFactory(), kind="link", title="E", url="https://a.kz")
        update(evidence, **values)
    return violate


def _council_member(role):
    def violate():
        from portal.councils.models import CouncilMember

        council = f.CouncilFactory()
        CouncilMember.objects.create(council=council, user=f.UserFactory(), role=role)
        CouncilMember.objects.create(council=council, user=f.UserFactory(), role=role)
    return violate


def _council_document(**values):
    def violate():
        from portal.councils.models import CouncilDocument

        plan = f.PlanFactory()
        document = CouncilDocument.objects.create(council=f.CouncilFactory(body=plan.body), kind="conclusion",
                                                  title="D", text="T", target=plan, target_label="plan")
        update(document, **values)
    return violate


def _plan_twice():
    plan = f.PlanFactory()
    f.PlanFactory(body=plan.body, year=plan.year)


def _item_number_twice():
    item = f.PlanItemFactory()
    f.PlanItemFactory(plan=item.plan, number=item.number)


def _version_twice():
    from planning.models import PlanVersion

    plan = f.PlanFactory()
    for _ in range(2):
        PlanVersion.objects.create(plan=plan, number=1, reason="r", snapshot={}, sha256="0" * 64)


def _version_without_reason():
    from planning.models import PlanVersion

    version = PlanVersion.objects.create(plan=f.PlanFactory(), number=1, reason="r", snapshot={}, sha256="0" * 64)
    update(version, reason="")


def _member_twice():
    from portal.councils.models import CouncilMember

    council, user = f.CouncilFactory(), f.UserFactory()
    for _ in range(2):
        CouncilMember.objects.create(council=council, user=user)


VIOLATIONS.update({
    "plan_one_per_body_and_year": _plan_twice,
    "plan_discussion_dates_ordered": _plan(discussion_starts_on=date(2027, 6, 1), discussion_ends_on=date(2027, 6, 1)),
    "plan_approved_has_a_version": _plan(status="approved", current_version=0),
    "plan_item_number_unique": _item_number_twice,
    "plan_item_amount_positive": _item(amount=Decimal("0")),
    "plan_item_term_years": _item(term_years=4),
    "plan_item_has_a_topic": _item(topic_kk="", topic_ru="", topic_en=""),
    "plan_item_withdrawal_has_reason": _item(withdrawn_at=TOMORROW, withdrawal_reason=""),
    "proposal_decision_has_reason": _proposal(status="declined"),
    "proposal_accepted_or_merged_has_item": _proposal(status="merged", decision_reason="r"),
    "evidence_has_one_owner": _evidence(item=None),
    "evidence_has_a_link_or_a_file": _evidence(url=""),
    "comment_hidden_has_reason": _comment(status="hidden"),
    "comment_answered_only_when_published": _comment(answered_at=TOMORROW, answer_outcome="accepted",
                                                     answer_text="ok"),
    "comment_answer_is_complete": _comment(status="published", answered_at=TOMORROW),
    "plan_version_number_unique": _version_twice,
    "plan_version_has_reason": _version_without_reason,
    "council_member_unique": _member_twice,
    "council_one_chair": _council_member("chair"),
    "council_one_secretary": _council_member("secretary"),
    "council_document_answer_has_text": _council_document(status="answered"),
    "council_recommendation_has_deadline": _council_document(kind="recommendation"),
})

def _commission(**fields):
    from scoring.models import Commission

    return Commission.objects.create(competition=f.CompetitionFactory(), **fields)


def _commission_seat_twice(role="member"):
    def violate():
        from scoring.models import CommissionMember

        commission, user = _commission(), f.UserFactory()
        for i in range(2):  # the same person twice, or two chairs
            CommissionMember.objects.create(commission=commission, user=user if role == "member" else f.UserFactory(),
                                            full_name=f"m{i}", role=role)
    return violate


def _meeting():
    from scoring.models import CommissionMeeting

    return CommissionMeeting.objects.create(commission=_commission(), number=1, held_at=timezone.now())


def _meeting_twice():
    from scoring.models import CommissionMeeting

    meeting = _meeting()
    CommissionMeeting.objects.create(commission=meeting.commission, number=1, held_at=timezone.now())


def _meeting_row_twice(model_name, **fields):
    def violate():
        from scoring import models

        meeting = _meeting()
        member = models.CommissionMember.objects.create(commission=meeting.commission, user=f.UserFactory(),
                                                        full_name="m")
        model = getattr(models, model_name)
        for _ in range(2):
            model.objects.create(meeting=meeting, **({"member": member} if model_name != "MeetingProtocol" else {}),
                                 **fields)
    return violate


def _expert_application_twice():
    from scoring.models import ExpertApplication

    user = f.UserFactory()
    for _ in range(2):
        ExpertApplication.objects.create(applicant=user, full_name="e", cv="cv.pdf", qualifications="q",
                                         code_of_conduct_accepted_at=timezone.now(), status="submitted")


def _receipt_twice():
    from applications.models import Receipt

    application = f.ApplicationFactory()
    for _ in range(2):
        Receipt.objects.create(application=application, snapshot_sha256="0" * 64, language="ru")


def _act_twice():
    from scoring.models import CompletionAct

    competition, expert = f.CompetitionFactory(), f.ExpertProfileFactory()
    for _ in range(2):
        CompletionAct.objects.create(competition=competition, expert=expert, evaluations=1, amount=Decimal("1"))


VIOLATIONS.update({
    "commission_quorum_fraction": lambda: _commission(quorum_numerator=3, quorum_denominator=2),
    "commission_member_once": _commission_seat_twice(),
    "commission_one_chair": _commission_seat_twice("chair"),
    "meeting_unique_number": _meeting_twice,
    "attendance_once": _meeting_row_twice("MeetingAttendance", present=True),
    "vote_once": _meeting_row_twice("MeetingVote", vote="approve"),
    "protocol_once": _meeting_row_twice("MeetingProtocol", kind="extract", language="ru"),
    "expert_application_one_pending": _expert_application_twice,
    "act_once_per_expert": _act_twice,
    "receipt_once_per_submission_and_language": _receipt_twice,
})

# More violations of the same rules, and unique fields (their database names are generated, not ours).
MORE_VIOLATIONS = {
    "criterion weight negative": ("criterion_weight_positive", _criterion(weight=Decimal("-0.5"))),
    "criterion step negative": ("criterion_step_positive", _criterion(step=Decimal("-1"))),
    "criterion min > max": ("criterion_scale_ordered", _criterion(min_score=Decimal("11"))),
    "criterion threshold below the scale": ("criterion_min_required_on_scale", _criterion(min_required=Decimal("-1"))),
    "competition opens after it closes": ("competition_opens_before_closes",
                                          _competition({"opens_at": TOMORROW + timedelta(days=30)})),
    "competition max > budget by far": ("competition_max_le_budget", _competition({"max_amount": Decimal("9e9")})),
    "budget line quantity negative": ("budget_line_quantity_positive", _budget_line(quantity=Decimal("-2"))),
    "declaration type without conflict": ("declaration_type_iff_conflict", violate_declaration_type_without_conflict),
    "competition project ends before start": ("competition_project_dates_ordered",
                                              _competition({"project_starts_on": date(2026, 7, 2),
                                                            "project_ends_on": date(2026, 7, 1)})),
    "two evaluations for one assignment": (None, violate_one_evaluation),
    "two declarations for one assignment": (None, violate_one_declaration),
    "two rubrics for one competition": (None, violate_one_rubric_per_competition),
    "registration number reused": (None, violate_registration_number),
    "organisation BIN reused": (None, violate_organization_bin),
    "competition reference reused": (None, violate_competition_reference),
    "calendar exception twice for a day": (None, violate_extra_holiday),
    "audit hash without a position": ("audit_event_sealed_whole", lambda: _audit_event(hash="a" * 64)),
    "audit position zero": ("audit_event_sealed_whole", lambda: _audit_event(seq=0, hash="a" * 64)),
    "audit position taken twice": (None, lambda: [_audit_event(seq=7, hash=c * 64) for c in "ab"]),
}


def assert_violation(violate, name):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        violate()
    if name is None:
        return
    message = str(refused.value)
    names_it = name in message
    if not names_it and connection.vendor == "sqlite" and ("UNIQUE constraint failed" in message):
        names_it = True  # SQLite names the columns of a unique index, not the constraint
    assert names_it, f"expected {name} to fire, got: {message}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_constraint_is_enforced_by_the_database(name):
    assert_violation(VIOLATIONS[name], name)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(MORE_VIOLATIONS))
def test_more_violations(label):
    name, violate = MORE_VIOLATIONS[label]
    assert_violation(violate, name)


@pytest.mark.django_db
def test_a_refused_write_changes_nothing_and_the_connection_stays_usable():
    competition = f.CompetitionFactory()
    assert_violation(lambda: update(competition, min_amount=Decimal("5000000.01")), "competition_min_le_max")
    competition.refresh_from_db()
    assert competition.min_amount == Decimal("1000000.00")
    assert Competition.objects.filter(pk=competition.pk).exists()


@pytest.mark.django_db
def test_boundaries_that_are_allowed():
    competition = f.CompetitionFactory(min_amount=Decimal("0"), max_amount=Decimal("30000000.00"),
                                       total_budget=Decimal("30000000.00"))
    update(competition, min_amount=Decimal("30000000.00"))  # min == max == budget is allowed
    f.CriterionFactory(weight=Decimal("0.001"), step=Decimal("0.5"), min_score=Decimal("0"),
                       max_score=Decimal("0.5"), min_required=Decimal("0.5"))
    f.BudgetLineFactory(quantity=Decimal("0.01"), unit_cost=Decimal("0"))
    Activity.objects.create(application=f.ApplicationFactory(), title="One day",
                            starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 1))
    competition_two = f.CompetitionFactory()
    snapshot(competition_two, number=1, is_current=False)
    snapshot(competition_two, number=2, is_current=False)
    snapshot(competition_two, number=3, is_current=True)
    # Two experts on one application, and one expert on two applications.
    assignment = f.AssignmentFactory()
    f.AssignmentFactory(application=assignment.application)
    f.AssignmentFactory(expert=assignment.expert)
    assert Application.objects.count() == 4
    assert BudgetLine.objects.count() == 1


def test_every_named_constraint_has_a_violation():
    declared = {
        constraint.name
        for model in apps.get_models() if model._meta.app_label in DOMAIN_APPS
        for constraint in model._meta.constraints if isinstance(constraint, CheckConstraint | UniqueConstraint)
    }
    missing = sorted(declared - set(VIOLATIONS))
    assert not missing, f"constraints without a violation test in {__name__}.VIOLATIONS: {missing}"
    assert not set(VIOLATIONS) - declared, "VIOLATIONS names a constraint that no model declares"
