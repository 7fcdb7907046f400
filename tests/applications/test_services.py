import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus
from applications.errors import NotEditable, NotEligible, SubmissionRefused
from applications.models import Application, BudgetLine
from portal.audit.models import AuditEvent
from portal.audit.services import canonical_json
from portal.errors import DomainError, StaleVersionError
from tests import factories as f
from tests.applications.helpers import PDF_BYTES, add_attachment, fill_application, ngo_with_application

pytestmark = pytest.mark.django_db


def _ready():
    user, application = ngo_with_application()
    fill_application(application)
    return user, application


# --- start ----------------------------------------------------------------------------------------------------------


def test_start_creates_a_draft_with_an_audit_row():
    membership = f.MembershipFactory()
    competition = f.CompetitionFactory()
    application = services.application_start(competition=competition, organization=membership.organization,
                                             actor=membership.user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.created_by == membership.user
    assert AuditEvent.objects.filter(action="application.created", target_id=str(application.pk)).count() == 1


def test_start_refuses_an_ineligible_organisation_with_every_reason():
    membership = f.MembershipFactory(organization__in_ngo_database=False, organization__is_bankrupt=True)
    competition = f.CompetitionFactory(requires_ngo_database=True, exclude_bankrupt=True)
    with pytest.raises(NotEligible) as refused:
        services.application_start(competition=competition, organization=membership.organization,
                                   actor=membership.user)
    assert [p.code for p in refused.value.problems] == ["not_in_ngo_database", "bankrupt"]
    assert not Application.objects.exists()


def test_one_application_per_organisation_unless_the_competition_allows_more():
    membership = f.MembershipFactory()
    competition = f.CompetitionFactory()
    services.application_start(competition=competition, organization=membership.organization, actor=membership.user)
    with pytest.raises(DomainError) as refused:
        services.application_start(competition=competition, organization=membership.organization,
                                   actor=membership.user)
    assert refused.value.code == "too_many_applications"
    competition.max_applications_per_organization = 2
    competition.save()
    services.application_start(competition=competition, organization=membership.organization, actor=membership.user)
    assert Application.objects.filter(organization=membership.organization).count() == 2


def test_a_withdrawn_application_does_not_count_towards_the_limit():
    membership = f.MembershipFactory()
    competition = f.CompetitionFactory()
    f.ApplicationFactory(competition=competition, organization=membership.organization,
                         status=ApplicationStatus.WITHDRAWN)
    services.application_start(competition=competition, organization=membership.organization, actor=membership.user)


def test_start_refused_when_not_a_member_or_competition_closed():
    membership, stranger = f.MembershipFactory(), f.UserFactory()
    competition = f.CompetitionFactory()
    with pytest.raises(DomainError) as refused:
        services.application_start(competition=competition, organization=membership.organization, actor=stranger)
    assert refused.value.code == "not_member"
    closed = f.CompetitionFactory(closes_at=timezone.now() - timedelta(minutes=1),
                                  opens_at=timezone.now() - timedelta(days=5))
    with pytest.raises(DomainError) as refused:
        services.application_start(competition=closed, organization=membership.organization, actor=membership.user)
    assert refused.value.code == "not_open"


# --- save a section -------------------------------------------------------------------------------------------------


def test_save_section_increments_the_version_and_stores_fields():
    user, application = ngo_with_application()
    saved = services.application_save_section(application=application, section="project",
                                              data={"title": "  New title ", "summary": "S", "co_financing": None},
                                              version=application.version, actor=user)
    assert (saved.version, saved.title, saved.co_financing) == (2, "New title", Decimal("0"))


def test_stale_version_is_refused_and_nothing_is_written():
    user, application = ngo_with_application()
    services.application_save_section(application=application, section="problem", data={"problem": "first tab"},
                                      version=1, actor=user)
    with pytest.raises(StaleVersionError) as stale:
        services.application_save_section(application=application, section="problem",
                                          data={"problem": "second tab"}, version=1, actor=user)
    assert stale.value.current_version == 2
    application.refresh_from_db()
    assert (application.problem, application.version) == ("first tab", 2)


def test_requested_amount_is_recomputed_from_the_lines_on_every_save():
    user, application = ngo_with_application()
    rows = [{"category": "services", "description": "Trainers", "quantity": Decimal("3"),
             "unit_cost": Decimal("333333.33"), "year": None},
            {"category": "administrative", "description": "Rent", "quantity": Decimal("1.5"),
             "unit_cost": Decimal("0.01"), "year": None}]
    saved = services.application_save_section(application=application, section="budget", data={"rows": rows},
                                              version=1, actor=user)
    assert saved.requested_amount == Decimal("999999.99") + Decimal("0.02")  # 1.5 x 0.01 = 0.015 -> 0.02
    assert list(BudgetLine.objects.filter(application=application).values_list("order", flat=True)) == [0, 1]
    saved = services.application_save_section(application=application, section="budget", data={"rows": []},
                                              version=saved.version, actor=user)
    assert saved.requested_amount == Decimal("0.00")
    assert not BudgetLine.objects.filter(application=application).exists()


def test_saving_a_submitted_application_is_refused():
    user, application = _ready()
    services.application_submit(application=application, actor=user)
    with pytest.raises(NotEditable):
        services.application_save_section(application=application, section="problem", data={"problem": "x"},
                                          version=application.version, actor=user)


# --- submit ---------------------------------------------------------------------------------------------------------


def test_submit_issues_number_snapshot_hash_status_and_receipt_mail(django_capture_on_commit_callbacks):
    user, application = _ready()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.application_submit(application=application, actor=user)
    reference = application.competition.reference
    assert submitted.registration_number == f"{reference}-001"
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    submitted.refresh_from_db()
    # The stored snapshot reproduces its hash.
    assert hashlib.sha256(canonical_json(submitted.snapshot).encode()).hexdigest() == submitted.snapshot_sha256
    snapshot = submitted.snapshot
    assert snapshot["registration_number"] == submitted.registration_number
    assert snapshot["organization"] == {"id": application.organization.pk, "name": application.organization.name,
                                        "bin": application.organization.bin}
    assert [line["amount"] for line in snapshot["budget_lines"]] == ["1500000.00", "500000.00"]
    assert snapshot["fields"]["requested_amount"] == "2000000.00"
    assert [(a["name"], a["size"]) for a in snapshot["attachments"]] == [("charter.pdf", len(PDF_BYTES))]
    assert len(snapshot["attachments"][0]["sha256"]) == 64
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert submitted.registration_number in message.subject
    assert submitted.snapshot_sha256 in message.body
    assert timezone.localtime(submitted.submitted_at).strftime("%d.%m.%Y %H:%M:%S") in message.body
    assert AuditEvent.objects.filter(action="application.submitted", target_id=str(application.pk)).count() == 1


def test_second_application_gets_the_next_number():
    user, first = _ready()
    services.application_submit(application=first, actor=user)
    membership = f.MembershipFactory()
    second = f.ApplicationFactory(competition=first.competition, organization=membership.organization)
    fill_application(second)
    second = services.application_submit(application=second, actor=membership.user)
    assert second.registration_number == f"{first.competition.reference}-002"


def test_double_submit_is_one_submission():
    user, application = _ready()
    first = services.application_submit(application=application, actor=user)
    again = services.application_submit(application=application, actor=user)
    assert again.pk == first.pk
    assert again.registration_number == first.registration_number
    assert again.snapshot_sha256 == first.snapshot_sha256
    assert AuditEvent.objects.filter(action="application.submitted", target_id=str(application.pk)).count() == 1


def test_late_submit_is_refused_with_deadline_and_received_time_and_the_draft_stays():
    user, application = _ready()
    competition = application.competition
    late = competition.closes_at + timedelta(minutes=3, seconds=7)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user, now=late)
    problems = refused.value.problems
    assert [p.code for p in problems] == ["deadline_passed"]
    deadline = timezone.localtime(competition.closes_at).strftime("%d.%m.%Y %H:%M")
    received = timezone.localtime(late).strftime("%d.%m.%Y %H:%M:%S")
    assert deadline in str(problems[0].message) and received in str(problems[0].message)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.registration_number is None
    assert application.title.startswith("Молодёжный")
    assert application.budget_lines.count() == 2


def test_every_problem_is_reported_at_once():
    user, application = ngo_with_application(min_amount=Decimal("1000000"), max_amount=Decimal("1500000"))
    application.organization.in_ngo_database = False
    application.organization.save()
    BudgetLine.objects.create(application=application, category="administrative", description="Rent",
                              quantity=Decimal("2"), unit_cost=Decimal("1000000"))
    late = application.competition.closes_at + timedelta(seconds=1)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user, now=late)
    codes = [p.code for p in refused.value.problems]
    assert codes == ["deadline_passed", "not_in_ngo_database"] + ["missing_field"] * 8 + [
        "missing_activities", "missing_indicators", "amount_out_of_limits", "admin_costs_above_direct",
        "missing_document"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_resubmission_after_return_keeps_the_number_and_makes_a_new_snapshot():
    user, application = _ready()
    submitted = services.application_submit(application=application, actor=user)
    number, first_hash = submitted.registration_number, submitted.snapshot_sha256
    services.application_transition(application=submitted, to=ApplicationStatus.RETURNED, actor=None)
    Application.objects.filter(pk=submitted.pk).update(
        correction_deadline=timezone.now() + timedelta(days=3),
        return_reasons=[{"item": "budget", "reason": "Explain the rent."}])
    submitted.refresh_from_db()
    services.application_save_section(application=submitted, section="team", data={"team": "A bigger team"},
                                      version=submitted.version, actor=user)
    again = services.application_submit(application=submitted, actor=user)
    assert again.status == ApplicationStatus.SUBMITTED
    assert again.registration_number == number
    assert again.snapshot_sha256 != first_hash
    event = AuditEvent.objects.filter(action="application.submitted", target_id=str(again.pk)).order_by("id").last()
    assert event.after["resubmission"] is True


def test_resubmission_after_the_correction_deadline_is_refused():
    user, application = _ready()
    submitted = services.application_submit(application=application, actor=user)
    services.application_transition(application=submitted, to=ApplicationStatus.RETURNED, actor=None)
    Application.objects.filter(pk=submitted.pk).update(correction_deadline=timezone.now() - timedelta(minutes=1))
    submitted.refresh_from_db()
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=submitted, actor=user)
    assert [p.code for p in refused.value.problems] == ["correction_deadline_passed"]


# --- withdraw -------------------------------------------------------------------------------------------------------


def test_withdraw_before_the_deadline():
    user, application = _ready()
    services.application_submit(application=application, actor=user)
    withdrawn = services.application_withdraw(application=application, actor=user, reason="Changed plans")
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert AuditEvent.objects.get(action="application.withdrawn").reason == "Changed plans"


def test_withdraw_after_the_deadline_is_refused():
    user, application = _ready()
    services.application_submit(application=application, actor=user)
    with pytest.raises(DomainError) as refused:
        services.application_withdraw(application=application, actor=user,
                                      now=application.competition.closes_at + timedelta(seconds=1))
    assert refused.value.code == "deadline_passed"
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_withdraw_a_draft_is_refused():
    user, application = ngo_with_application()
    with pytest.raises(DomainError):
        services.application_withdraw(application=application, actor=user)


# --- attachments ----------------------------------------------------------------------------------------------------


def test_attachment_delete_removes_the_file_after_commit(django_capture_on_commit_callbacks):
    user, application = ngo_with_application()
    attachment = add_attachment(application)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment, actor=user)
    assert not storage.exists(name)
    assert not application.attachments.exists()


@pytest.mark.django_db
def test_activities_outside_the_project_period_are_a_submission_problem():
    from datetime import date

    from applications.models import Activity
    from applications.validators import submission_problems

    competition = f.CompetitionFactory(project_starts_on=date(2027, 1, 1), project_ends_on=date(2027, 9, 28))
    application = f.ApplicationFactory(competition=competition)
    Activity.objects.create(application=application, title="Festival", starts_on=date(2030, 5, 1),
                            ends_on=date(2030, 5, 2))
    problems = [p for p in submission_problems(application) if p.code == "activity_outside_project"]
    assert [p.field for p in problems] == ["activities"]
    assert "01.01.2027 – 28.09.2027" in str(problems[0].message)
