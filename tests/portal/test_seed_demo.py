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

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.accounts.models import GovernmentBody, Organization, User
from portal.accounts.validators import is_valid_bin
from portal.audit.models import AuditChainHead
from portal.audit.services import canonical_json, verify_chain
from portal.reference.models import Sequence
from scoring.demo import DEMO_PASSWORD, LOGINS, SPECS
from scoring.enums import AssignmentStatus
from scoring.models import Assignment, Evaluation, RankingSnapshot

DEMO_EMAILS = {
    "admin@example.kz", "official@example.kz", "observer@example.kz", "ngo1@example.kz", "ngo2@example.kz",
    "ngo3@example.kz", "expert1@example.kz", "expert2@example.kz", "expert3@example.kz", "expert4@example.kz",
    "expert5@example.kz",
}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    return seed()


def test_demo_accounts_and_competitions_in_every_state(seeded):
    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert Counter(Competition.objects.values_list("status", flat=True)) == {
        CompetitionStatus.DRAFT: 1, CompetitionStatus.PUBLISHED: 2, CompetitionStatus.CLOSED: 1,
        CompetitionStatus.UNDER_REVIEW: 1, CompetitionStatus.RANKED: 1, CompetitionStatus.RESULTS_PUBLISHED: 1,
        CompetitionStatus.FINAL: 1, CompetitionStatus.CANCELLED: 1,
    }
    published = Competition.objects.filter(status=CompetitionStatus.PUBLISHED).order_by("reference")
    assert [c.is_open for c in published] == [True, False]  # SZ-2026-0006 open, SZ-2026-0007 upcoming
    admin = User.objects.get(email="admin@example.kz")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_staff=True).exclude(pk=admin.pk).exists()
    assert Organization.objects.count() == 3
    assert all(is_valid_bin(o.bin) and o.in_ngo_database for o in Organization.objects.all())
    assert len(set(Organization.objects.values_list("region", flat=True))) == 3
    assert all(is_valid_bin(b) for b in GovernmentBody.objects.values_list("bin", flat=True))


def test_applications_follow_the_spec_and_every_outcome_appears(seeded):
    expected = {(spec.reference, bid.org): bid.status for spec in SPECS for bid in spec.bids}
    actual = {
        (a.competition.reference, f"ngo{a.organization.memberships.get().user.email[3]}"): a.status
        for a in Application.objects.select_related("competition", "organization")
    }
    assert actual == expected
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {ApplicationStatus.WINNER, ApplicationStatus.RESERVE, ApplicationStatus.NOT_FUNDED,
            ApplicationStatus.BELOW_THRESHOLD, ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED,
            ApplicationStatus.ADMITTED, ApplicationStatus.RETURNED, ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN} <= statuses
    for application in Application.objects.exclude(status=ApplicationStatus.DRAFT):
        assert application.registration_number.startswith(application.competition.reference + "-")
        canonical = canonical_json(application.snapshot)
        assert hashlib.sha256(canonical.encode()).hexdigest() == application.snapshot_sha256
        assert application.requested_amount == sum(line.amount for line in application.budget_lines.all())
        competition = application.competition
        assert competition.min_amount <= application.requested_amount <= competition.max_amount
        assert application.attachments.count() == competition.required_documents.filter(mandatory=True).count()
    for winner in Application.objects.filter(status=ApplicationStatus.WINNER):
        assert winner.awarded_amount == winner.requested_amount
    assert not Application.objects.exclude(status=ApplicationStatus.WINNER).filter(
        awarded_amount__isnull=False).exists()


def test_scores_are_on_the_scale_and_totals_are_weighted_sums(seeded):
    evaluations = Evaluation.objects.prefetch_related("scores__criterion")
    assert evaluations.filter(submitted_at__isnull=False).count() == 2 * 3 * 3 + 2  # 3 ranked competitions + 2
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
    assert RankingSnapshot.objects.count() == 3
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


def test_the_conflicted_expert_never_scores_the_organisation_they_sit_in(seeded):
    bolashak = Organization.objects.get(memberships__user__email="ngo1@example.kz")
    assert not Assignment.objects.filter(expert__user__email="expert5@example.kz",
                                         application__organization=bolashak).exists()


def test_seed_demo_twice_changes_nothing(seeded):
    counts = row_counts()
    head = AuditChainHead.objects.get().last_hash
    sequences = dict(Sequence.objects.values_list("key", "value"))
    output = seed()
    assert row_counts() == counts
    assert AuditChainHead.objects.get().last_hash == head
    assert dict(Sequence.objects.values_list("key", "value")) == sequences
    assert "left unchanged" in output
    assert User.objects.count() == 11
    assert Competition.objects.count() == 9


def test_sequences_continue_after_the_demo_numbers(seeded):
    assert Sequence.objects.get(key="competition:2026").value == 9
    for reference, submitted in (("SZ-2026-0001", 3), ("SZ-2026-0006", 1)):
        competition = Competition.objects.get(reference=reference)
        assert Sequence.objects.get(key=f"application:{competition.pk}").value == submitted


def test_audit_chain_verifies_after_seeding(seeded):
    check = verify_chain()
    assert check.ok, check.problem
    assert check.checked > 100
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_every_demo_login_authenticates_and_is_printed(seeded):
    assert {email for email, _role in LOGINS} == DEMO_EMAILS
    assert DEMO_PASSWORD == "demo-portal-2026"
    assert DEMO_PASSWORD in seeded
    for email in DEMO_EMAILS:
        assert email in seeded
        user = authenticate(RequestFactory().post("/accounts/login/"), username=email, password=DEMO_PASSWORD)
        assert user is not None and user.email == email


@pytest.mark.django_db
def test_refuses_to_run_in_production(settings):
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 0
    assert Competition.objects.count() == 0
