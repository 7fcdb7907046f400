"""Admission: pre-computed checks, admit / return / reject, bulk admit, and closing the admission."""

import datetime
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from applications import services
from applications.admission import admission_checks, passes_all
from applications.enums import ApplicationStatus
from applications.models import BudgetLine
from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from tests import factories as f
from tests.applications.helpers import fill_application

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def closed_competition(**kwargs):
    now = timezone.now()
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED, opens_at=now - timedelta(days=30),
                                       closes_at=now - timedelta(days=1), **kwargs)
    f.RequiredDocumentFactory(competition=competition, document_type="charter", mandatory=True)
    return competition


def submitted(competition, *, complete=True, **kwargs):
    membership = f.MembershipFactory()
    application = f.ApplicationFactory(competition=competition, organization=membership.organization,
                                       status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs)
    if complete:
        fill_application(application)
    return application


def checks_by_key(application):
    return {c.key: c for c in admission_checks(application)}


# ---------------------------------------------------------------------------------------------------- checks

def test_a_complete_application_passes_every_check():
    application = submitted(closed_competition())
    checks = admission_checks(application)
    assert [c.key for c in checks] == ["documents", "eligibility", "amount", "admin_costs", "register"]
    assert passes_all(checks)


def test_each_check_fails_with_its_reason():
    competition = closed_competition(min_organization_age_months=120)
    application = submitted(competition, complete=False)
    BudgetLine.objects.create(application=application, category="administrative", description="Rent",
                              quantity=Decimal("1"), unit_cost=Decimal("100.00"))
    checks = checks_by_key(application)
    assert not passes_all(checks.values())
    assert not checks["documents"].passed and "Charter" in str(checks["documents"].reasons[0])
    assert not checks["eligibility"].passed and "120" in str(checks["eligibility"].reasons[0])
    assert not checks["amount"].passed and "100.00" in str(checks["amount"].reasons[0])
    assert not checks["admin_costs"].passed


def test_eligibility_is_judged_at_the_deadline_not_today():
    competition = closed_competition(min_organization_age_months=12)
    application = submitted(competition)
    # Registered 11 months before the deadline; a year has passed since, but the deadline decides.
    application.organization.registered_on = timezone.localdate(competition.closes_at) - timedelta(days=335)
    application.organization.save()
    assert not checks_by_key(application)["eligibility"].passed


# ---------------------------------------------------------------------------------------------------- decide

def test_admit_notifies_members_and_audits():
    application = submitted(closed_competition())
    official = f.OfficialMembershipFactory(body=application.competition.body).user
    services.application_admit(application=application, actor=official)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    assert AuditEvent.objects.filter(action="application.admitted", actor_id=official.pk).count() == 1
    member = application.organization.memberships.get().user
    assert Notification.objects.filter(user=member, subject__contains=application.registration_number).exists()


def test_no_decision_while_the_window_is_open():
    application = f.ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    with pytest.raises(DomainError) as refused:
        services.application_admit(application=application, actor=None)
    assert refused.value.code == "admission_not_open"


def test_return_over_nauryz_sets_the_deadline_at_the_end_of_the_working_day():
    application = submitted(closed_competition())
    friday = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY)
    services.application_return(application=application, working_days=3, actor=None, now=friday,
                                reasons=[{"item": "Documents", "reason": "Attach the signed charter."},
                                         {"item": "Budget", "reason": ""}])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    # 21-25 March are Nauryz (with observed days), 28-29 weekend: 26, 27, 30 March are the three working days.
    assert application.correction_deadline == datetime.datetime(2026, 3, 30, 23, 59, 59, tzinfo=ALMATY)
    assert application.return_reasons == [{"item": "Documents", "reason": "Attach the signed charter."}]
    event = AuditEvent.objects.get(action="application.returned")
    assert event.after["return_reasons"] == application.return_reasons
    member = application.organization.memberships.get().user
    notification = Notification.objects.get(user=member)
    assert "Attach the signed charter." in notification.body
    assert "30.03.2026" in notification.body


def test_return_needs_a_reason():
    application = submitted(closed_competition())
    with pytest.raises(services.AdmissionRefused) as refused:
        services.application_return(application=application, reasons=[{"item": "x", "reason": " "}], actor=None)
    assert [p[0] for p in refused.value.problems] == ["reasons"]


def test_reject_needs_a_reason_and_stores_it():
    application = submitted(closed_competition())
    with pytest.raises(services.AdmissionRefused):
        services.application_reject(application=application, reason="", actor=None)
    services.application_reject(application=application, reason="Not an NGO.", actor=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reason == "Not an NGO."


def test_bulk_admit_takes_only_those_passing_every_check():
    competition = closed_competition()
    good = submitted(competition)
    bad = submitted(competition, complete=False)
    admitted = services.applications_admit_passing(competition=competition, actor=None,
                                                   application_ids=[good.pk, bad.pk])
    assert [a.pk for a in admitted] == [good.pk]
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == (ApplicationStatus.ADMITTED, ApplicationStatus.SUBMITTED)


# ------------------------------------------------------------------------------------------- start review

def test_review_starts_only_when_nothing_is_undecided():
    competition = closed_competition()
    application = submitted(competition)
    with pytest.raises(DomainError) as refused:
        services.competition_start_review(competition=competition, actor=None)
    assert refused.value.code == "undecided_left"
    services.application_return(application=application, reasons=[{"item": "", "reason": "Sign it."}], actor=None)
    with pytest.raises(DomainError):  # returned and still within the correction deadline: undecided
        services.competition_start_review(competition=competition, actor=None)
    application.refresh_from_db()
    later = application.correction_deadline + timedelta(seconds=1)
    services.competition_start_review(competition=competition, actor=None, now=later)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.UNDER_REVIEW


def test_review_starts_after_every_application_is_decided():
    competition = closed_competition()
    services.application_admit(application=submitted(competition), actor=None)
    services.application_reject(application=submitted(competition), reason="Late", actor=None)
    services.competition_start_review(competition=competition, actor=None)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.UNDER_REVIEW
    assert AuditEvent.objects.get(action="competition.under_review").reason == '@admission_closed {"admitted": 1}'
