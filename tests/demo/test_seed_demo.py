"""``manage.py seed_demo``: every competition state, the spec's outcomes, idempotency, the audit chain,
the logins, and refusal in production. The demo is seeded once for the module (see conftest)."""

import hashlib
import json
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from demo.people import DEMO_PASSWORD, LOGINS
from demo.specs import SPECS
from portal.accounts.models import GovernmentBody, Organization, User
from portal.accounts.validators import is_valid_bin
from portal.audit.models import AuditChainHead, AuditEvent
from portal.audit.services import canonical_json, verify_chain
from portal.notifications.models import Notification
from portal.reference.models import Sequence
from scoring.enums import AssignmentStatus, MeetingStatus
from scoring.models import (
    Assignment,
    CommissionMeeting,
    ConflictDeclaration,
    Evaluation,
    ExpertApplication,
    RankingSnapshot,
)

from .conftest import seed

DEMO_EMAILS = {
    "admin@example.kz", "official@example.kz", "observer@example.kz", "ngo1@example.kz", "ngo2@example.kz",
    "ngo3@example.kz", "expert1@example.kz", "expert2@example.kz", "expert3@example.kz", "expert4@example.kz",
    "expert5@example.kz", "applicant1@example.kz", "applicant2@example.kz",  # applicants to the expert register
}


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def org_key(application):
    return application.organization.contact_email.split("@")[0]  # "ngo1@example.kz" -> "ngo1"


def test_demo_accounts_and_competitions_in_every_state(demo):
    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert Counter(Competition.objects.values_list("status", flat=True)) == {
        CompetitionStatus.DRAFT: 1, CompetitionStatus.PUBLISHED: 2, CompetitionStatus.CLOSED: 1,
        CompetitionStatus.UNDER_REVIEW: 1, CompetitionStatus.RANKED: 1, CompetitionStatus.RESULTS_PUBLISHED: 1,
        CompetitionStatus.FINAL: 4, CompetitionStatus.CANCELLED: 1,  # final: 1 + the portfolio's 3
    }
    by_key = {spec.key: Competition.objects.get(title_ru=spec.title_ru) for spec in SPECS}
    assert by_key["youth-initiatives"].is_open and not by_key["turgai-heritage"].is_open
    assert by_key["turgai-heritage"].is_upcoming
    # References come from the competition service's own sequence (per year of creation), in spec order.
    numbers = {}
    for spec in SPECS:
        _sz, year, number = by_key[spec.key].reference.split("-")
        numbers.setdefault(year, []).append(int(number))
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values())
    admin = User.objects.get(email="admin@example.kz")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_staff=True).exclude(pk=admin.pk).exists()
    assert Organization.objects.count() == 3
    assert all(is_valid_bin(o.bin) and o.in_ngo_database for o in Organization.objects.all())
    assert len(set(Organization.objects.values_list("region", flat=True))) == 3
    assert all(is_valid_bin(b) for b in GovernmentBody.objects.values_list("bin", flat=True))


def test_applications_follow_the_spec_and_every_outcome_appears(demo):
    expected = {(spec.title_ru, bid.org): bid.status for spec in SPECS for bid in spec.bids}
    actual = {(a.competition.title_ru, org_key(a)): a.status
              for a in Application.objects.select_related("competition", "organization")}
    assert actual == expected
    assert set(Application.objects.values_list("status", flat=True)) == {
        ApplicationStatus.WINNER, ApplicationStatus.RESERVE, ApplicationStatus.NOT_FUNDED,
        ApplicationStatus.BELOW_THRESHOLD, ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED,
        ApplicationStatus.ADMITTED, ApplicationStatus.RETURNED, ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN}
    for application in Application.objects.exclude(status=ApplicationStatus.DRAFT):
        competition = application.competition
        assert application.registration_number.startswith(competition.reference + "-")
        assert hashlib.sha256(canonical_json(application.snapshot).encode()).hexdigest() == \
            application.snapshot_sha256
        assert application.snapshot["registration_number"] == application.registration_number
        assert application.snapshot["fields"]["title"] == application.title
        assert application.requested_amount == sum(line.amount for line in application.budget_lines.all())
        assert competition.min_amount <= application.requested_amount <= competition.max_amount
        assert application.attachments.count() == competition.required_documents.filter(mandatory=True).count()
        assert competition.opens_at <= application.submitted_at < competition.closes_at
    for winner in Application.objects.filter(status=ApplicationStatus.WINNER):
        assert winner.awarded_amount == winner.requested_amount
    assert not Application.objects.exclude(status=ApplicationStatus.WINNER).filter(
        awarded_amount__isnull=False).exists()
    returned = Application.objects.get(status=ApplicationStatus.RETURNED)
    assert returned.correction_deadline > returned.status_changed_at
    assert returned.return_reasons[0]["item"] == "Обоснование бюджета"
    assert Application.objects.get(status=ApplicationStatus.REJECTED).decision_reason


def test_every_submission_sent_its_receipt(demo):
    submitted = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    receipts = set(Notification.objects.filter(url__contains="/receipt").values_list("url", flat=True))
    assert receipts == {reverse("applications:receipt", kwargs={"pk": a.pk}) for a in submitted}


def test_scores_are_on_the_scale_and_totals_are_weighted_sums(demo):
    evaluations = Evaluation.objects.prefetch_related("scores__criterion")
    assert evaluations.filter(submitted_at__isnull=False).count() == 2 * 3 * 3 + 2 + 2 * 8  # 3 ranked, 2, the portfolio
    for evaluation in evaluations:
        total = Decimal("0")
        for score in evaluation.scores.all():
            criterion = score.criterion
            assert criterion.rubric.competition_id == evaluation.assignment.application.competition_id
            if score.value is not None:
                assert criterion.min_score <= score.value <= criterion.max_score
                assert (score.value - criterion.min_score) % criterion.step == 0
                assert score.comment
                total += criterion.weight * score.value
        assert evaluation.total == total
    assert RankingSnapshot.objects.count() == 6
    for snapshot in RankingSnapshot.objects.select_related("competition"):
        assert snapshot.sha256 == hashlib.sha256(snapshot.canonical.encode()).hexdigest()
        assert json.loads(snapshot.canonical) == snapshot.data
        status = snapshot.competition.status
        if status == CompetitionStatus.RANKED:
            continue
        lapsed = {"reserve": "not_funded"} if status == CompetitionStatus.FINAL else {}
        for row in snapshot.data["rows"]:
            application = Application.objects.get(pk=row["application_id"])
            assert application.status == lapsed.get(row["outcome"], row["outcome"])
    review = Competition.objects.get(status=CompetitionStatus.UNDER_REVIEW)
    assert Counter(Assignment.objects.filter(application__competition=review).values_list("status", flat=True)) == {
        AssignmentStatus.OFFERED: 1, AssignmentStatus.ACCEPTED: 1, AssignmentStatus.RECUSED: 1,
        AssignmentStatus.SUBMITTED: 2}
    for competition in Competition.objects.exclude(status=CompetitionStatus.DRAFT):
        assert competition.rubric.locked_at is not None
        assert competition.rubric.criteria.count() == competition.rubric.copied_from.criteria.count()
    draft = Competition.objects.get(status=CompetitionStatus.DRAFT)
    assert draft.rubric.locked_at is None


def test_declarations_are_dated_in_the_competitions_past(demo):
    declarations = ConflictDeclaration.objects.select_related("assignment__application__competition",
                                                              "assignment__evaluation")
    assert declarations.count() == 2 * 3 * 3 + 4 + 2 * 8  # 3 ranked, 4 under review, the portfolio
    for declaration in declarations:
        assignment = declaration.assignment
        assert assignment.application.competition.closes_at < declaration.declared_at < timezone.now()
        if assignment.status == AssignmentStatus.SUBMITTED:
            assert declaration.declared_at < assignment.evaluation.submitted_at == assignment.status_changed_at
        else:
            assert assignment.status_changed_at == declaration.declared_at


def test_the_conflicted_expert_never_scores_the_organisation_they_sit_in(demo):
    bolashak = Organization.objects.get(memberships__user__email="ngo1@example.kz")
    assert not Assignment.objects.filter(expert__user__email="expert5@example.kz",
                                         application__organization=bolashak).exists()


def test_writes_went_through_the_services(demo):
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions["competition.created"] == 12
    assert actions["competition.rubric_chosen"] == 12
    assert actions["competition.document_added"] == 11  # every competition but the draft
    assert actions["organization.create"] == 3
    assert actions["expert.profile_updated"] == 5
    assert actions["application.created"] == Application.objects.count()
    assert actions["application.submitted"] == Application.objects.exclude(status=ApplicationStatus.DRAFT).count()
    assert actions["declaration.made"] == ConflictDeclaration.objects.count()
    assert actions["appeal.filed"] == 2 and actions["appeal.dismissed"] == 1
    assert actions["clarification.asked"] == 2 and actions["clarification.answered"] == 1


def test_seed_demo_twice_changes_nothing(demo):
    counts = row_counts()
    head = AuditChainHead.objects.get().last_hash
    sequences = dict(Sequence.objects.values_list("key", "value"))
    output = seed()
    assert row_counts() == counts
    assert AuditChainHead.objects.get().last_hash == head
    assert dict(Sequence.objects.values_list("key", "value")) == sequences
    assert "left unchanged" in output and "created" not in output
    assert User.objects.count() == 13
    assert Competition.objects.count() == 12


def test_sequences_continue_after_the_demo_numbers(demo):
    years = Counter(c.reference.split("-")[1] for c in Competition.objects.all())
    for year, count in years.items():
        assert Sequence.objects.get(key=f"competition:{year}").value == count
    for competition in Competition.objects.all():
        submitted = competition.applications.exclude(status=ApplicationStatus.DRAFT).count()
        sequence = Sequence.objects.filter(key=f"application:{competition.pk}").first()
        assert (sequence.value if sequence else 0) == submitted


def test_commission_meetings_and_register_applicants(demo):
    meetings = CommissionMeeting.objects.select_related("commission__competition")
    assert {m.commission.competition.status for m in meetings} == {CompetitionStatus.RESULTS_PUBLISHED,
                                                                   CompetitionStatus.FINAL}
    for meeting in meetings:
        assert meeting.status == MeetingStatus.RANKING_APPROVED
        assert meeting.votes.exclude(dissent="").count() == 1
        assert meeting.protocols.count() == 2  # protocol and public extract, each one kk+ru file (by the worker)
    assert sorted(ExpertApplication.objects.values_list("status", "nomination_source")) == [
        ("submitted", "ngo"), ("submitted", "self")]


def test_audit_chain_verifies_after_seeding(demo):
    check = verify_chain()
    assert check.ok, check.problem
    assert check.checked > 200
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_every_demo_login_authenticates_and_is_printed(demo):
    assert {email for email, _role in LOGINS} == DEMO_EMAILS
    assert DEMO_PASSWORD == "demo-portal-2026"
    assert DEMO_PASSWORD in demo
    for email in DEMO_EMAILS:
        assert email in demo
        user = authenticate(RequestFactory().post("/accounts/login/"), username=email, password=DEMO_PASSWORD)
        assert user is not None and user.email == email


@pytest.mark.django_db
def test_refuses_to_run_in_production(settings):
    counts = row_counts()
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert row_counts() == counts
