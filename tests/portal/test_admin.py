from datetime import date
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal.accounts.models import User
from portal.audit.models import AuditChainHead, AuditEvent
from portal.notifications.models import Notification
from portal.reference.models import ExtraHoliday
from scoring.enums import ReportFormat
from scoring.models import RankingSnapshot, Report


def _fill_models_the_demo_leaves_empty(admin_user):
    ExtraHoliday.objects.create(date=date(2026, 3, 9), note="Перенос выходного дня")
    Notification.objects.create(user=admin_user, subject="Добро пожаловать", body="Тест")
    Report.objects.create(snapshot=RankingSnapshot.objects.first(), format=ReportFormat.PDF)
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.accounts.models import ApiToken, Invitation, Organization
    from portal.signatures.models import Signature
    from scoring.models import (
        Assignment,
        AutoAssignmentProposal,
        ConflictDeclaration,
        DeclarationOverride,
        ExpertInvitation,
        PoolMember,
        PotentialConflictDecision,
    )

    Group.objects.create(name="Модераторы")
    ApiToken.objects.create(user=admin_user)
    TOTPDevice.objects.create(user=admin_user, name="authenticator")
    StaticToken.objects.create(device=StaticDevice.objects.create(user=admin_user, name="recovery codes"),
                               token="abcd2345ef")
    now = timezone.now()
    Invitation.objects.create(organization=Organization.objects.first(), email="new@example.kz",
                              invited_by=admin_user, expires_at=now + timedelta(days=7))
    ExpertInvitation.objects.create(email="expert9@example.kz", invited_by=admin_user,
                                    expires_at=now + timedelta(days=7))
    assignment = Assignment.objects.filter(declaration__isnull=False).first()
    competition = assignment.application.competition
    PoolMember.objects.get_or_create(competition=competition, expert=assignment.expert)
    AutoAssignmentProposal.objects.create(competition=competition, max_load=5, pairs=[], stats={})
    PotentialConflictDecision.objects.create(application=assignment.application, expert=assignment.expert,
                                             decision="dismissed", decided_by=admin_user)
    DeclarationOverride.objects.create(declaration=ConflictDeclaration.objects.first(), action="record_conflict",
                                       reason="Проверка", decided_by=admin_user)
    organization = Organization.objects.first()
    Signature.objects.create(content_type=ContentType.objects.get_for_model(organization), object_id=organization.pk,
                             kind="organization_claim", document_sha256="0" * 64, cms="MA==", signer_iin="900101000010",
                             certificate_serial="1a2b", verified_at=now, verifier="local", valid_at_signing=True)
    _fill_planning_and_councils()
    _fill_commission_register_and_acts(competition, assignment.expert, admin_user)
    from portal.notifications.models import ChannelLink, ChannelPreference

    ChannelLink.objects.create(user=admin_user, channel="telegram", address="123456", verified_at=now)
    ChannelPreference.objects.create(user=admin_user, channel="telegram", kind="applications")
    from scoring.models import CourseCompletion

    if not CourseCompletion.objects.exists():
        CourseCompletion.objects.create(expert=assignment.expert, score=90, answers={})


def _fill_commission_register_and_acts(competition, expert, admin_user):
    """A draw, a meeting with attendance, a vote and a protocol, a calibration attempt, a fee, an act and a
    monitoring checklist, each only when the demo has none."""
    from decimal import Decimal

    from scoring import models as m

    def missing(model):
        return not model.objects.exists()

    now = timezone.now()
    if missing(m.AssignmentDraw):
        m.AssignmentDraw.objects.create(competition=competition, seed_sha256="0" * 64, seed="s", inputs={},
                                        inputs_canonical="{}", inputs_sha256="0" * 64, committed_by=admin_user)
    commission = m.Commission.objects.first() or m.Commission.objects.create(competition=competition)
    member = commission.members.first() or m.CommissionMember.objects.create(
        commission=commission, user=admin_user, full_name="Член комиссии")
    meeting = m.CommissionMeeting.objects.first() or m.CommissionMeeting.objects.create(
        commission=commission, number=1, held_at=now)
    if missing(m.MeetingAttendance):
        m.MeetingAttendance.objects.create(meeting=meeting, member=member, present=True)
    if missing(m.MeetingVote):
        m.MeetingVote.objects.create(meeting=meeting, member=member, vote="approve")
    if missing(m.MeetingProtocol):
        m.MeetingProtocol.objects.create(meeting=meeting, kind="extract", language="ru")
    if missing(m.ExpertApplication):
        m.ExpertApplication.objects.create(applicant=admin_user, full_name="Эксперт", cv="cv.pdf", qualifications="q",
                                           code_of_conduct_accepted_at=now)
    exercise = m.CalibrationExercise.objects.first()
    if exercise is None:
        exercise = m.CalibrationExercise.objects.create(title="Калибровка", rubric=m.Rubric.objects.first())
    if missing(m.CalibrationAttempt):
        m.CalibrationAttempt.objects.create(exercise=exercise, expert=expert, mean_abs_deviation=Decimal("0.5"))
    if missing(m.ExpertFee):
        m.ExpertFee.objects.create(competition=competition, amount_per_evaluation=Decimal("1000"))
    if missing(m.CompletionAct):
        m.CompletionAct.objects.create(competition=competition, expert=expert, evaluations=1, amount=Decimal("1000"))
    from projects.models import ChecklistItem, ChecklistTemplate

    if missing(ChecklistTemplate):
        ChecklistItem.objects.create(template=ChecklistTemplate.objects.create(title="Выезд на объект"),
                                     text="Работы ведутся?")


def _fill_planning_and_councils():
    """A plan through every model of planning, and a council with a member and a document on the plan."""
    from planning import services as planning
    from planning.enums import PlanStatus
    from portal.accounts.models import GovernmentBody
    from portal.councils import services as councils
    from tests import factories as f
    from tests.planning.helpers import plan_at

    body = GovernmentBody.objects.first()
    plan = plan_at(PlanStatus.IN_DISCUSSION, body=body)
    official = plan.body.official_memberships.filter(user__email__startswith="user").first().user
    planning.evidence_add(item=plan.items.get(), kind="link", title="Stat", url="https://stat.gov.kz", actor=official)
    f.TopicProposalFactory(plan=plan)
    comment = planning.comment_submit(plan=plan, text="Добавьте районы", actor=f.UserFactory())
    planning.comment_moderate(comment=comment, decision="published", reason="", actor=official)
    planning.version_create(plan=plan, reason="Проверка", actor=official)
    council = f.CouncilFactory(body=body)
    councils.council_member_add(council=council, user=f.UserFactory(), role="secretary", actor=None)
    councils.council_document_file(council=council, kind="conclusion", title="Заключение", text="Текст",
                                   subject=plan, actor=council.members.get().user)


@pytest.fixture
def demo_admin(db):
    call_command("seed_demo", stdout=StringIO())
    user = User.objects.get(email="admin@example.kz")
    _fill_models_the_demo_leaves_empty(user)
    return user


def test_every_registered_model_lists_and_opens(client, demo_admin):
    client.force_login(demo_admin)
    failures = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        response = client.get(reverse(f"{base}_changelist"))
        if response.status_code != 200:
            failures.append(f"{opts.label} changelist: {response.status_code}")
        obj = model._default_manager.first()
        if obj is None:
            failures.append(f"{opts.label}: no object to open; add one to _fill_models_the_demo_leaves_empty")
            continue
        response = client.get(reverse(f"{base}_change", args=[obj.pk]))
        if response.status_code != 200:
            failures.append(f"{opts.label} change page: {response.status_code}")
        if model_admin.has_add_permission(_request(demo_admin)):
            response = client.get(reverse(f"{base}_add"))
            if response.status_code != 200:
                failures.append(f"{opts.label} add page: {response.status_code}")
        response = client.get(reverse(f"{base}_changelist"), {"q": "demo"})
        if response.status_code != 200:
            failures.append(f"{opts.label} search: {response.status_code}")
    assert failures == []


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_model_of_the_project_is_registered():
    from django.apps import apps

    project_apps = {"accounts", "reference", "audit", "notifications", "competitions", "applications", "scoring",
                    "planning", "councils"}
    missing = [m._meta.label for m in apps.get_models()
               if m._meta.app_label in project_apps and m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
def test_audit_events_cannot_be_added_changed_or_deleted(client, admin_user):
    from portal import audit

    event = audit.record(actor=admin_user, action="test.event", after={"x": 1})
    request = _request(admin_user)
    for model in (AuditEvent, AuditChainHead):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)
        assert model_admin.has_view_permission(request, None)
    client.force_login(admin_user)
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(change_url, {"action": "tampered"}).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "test.event"
    page = client.get(change_url).content.decode()
    assert 'name="action"' not in page  # shown as text, no input


def test_status_fields_are_read_only(client, demo_admin):
    client.force_login(demo_admin)
    draft = Competition.objects.get(status=CompetitionStatus.DRAFT)
    page = client.get(reverse("admin:competitions_competition_change", args=[draft.pk])).content.decode()
    assert 'name="status"' not in page
    assert 'name="title_ru"' in page and 'name="closes_at_0"' in page  # a draft's terms are editable
    published = Competition.objects.filter(status=CompetitionStatus.PUBLISHED).first()
    page = client.get(reverse("admin:competitions_competition_change", args=[published.pk])).content.decode()
    assert 'name="status"' not in page and 'name="closes_at_0"' not in page
    submitted = Application.objects.filter(status=ApplicationStatus.SUBMITTED).first()
    page = client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    for name in ("status", "snapshot_sha256", "registration_number", "title", "awarded_amount"):
        assert f'name="{name}"' not in page
    draft_application = Application.objects.filter(status=ApplicationStatus.DRAFT).first()
    page = client.get(reverse("admin:applications_application_change",
                              args=[draft_application.pk])).content.decode()
    assert 'name="title"' in page and 'name="status"' not in page


def test_creating_a_user_by_email_in_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_user_add"), {
        "email": "New.Person@Example.kz", "usable_password": "true",
        "password1": "a-long-enough-passphrase-7", "password2": "a-long-enough-passphrase-7",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@example.kz")
    assert user.check_password("a-long-enough-passphrase-7")
    duplicate = client.post(reverse("admin:accounts_user_add"), {
        "email": "NEW.person@example.kz", "usable_password": "true",
        "password1": "a-long-enough-passphrase-7", "password2": "a-long-enough-passphrase-7",
    })
    assert duplicate.status_code == 200
    assert User.objects.filter(email__iexact="new.person@example.kz").count() == 1


def test_locked_rubric_cannot_be_edited(client, demo_admin):
    client.force_login(demo_admin)
    rubric = Competition.objects.filter(status=CompetitionStatus.FINAL).order_by("pk").first().rubric
    page = client.get(reverse("admin:scoring_rubric_change", args=[rubric.pk])).content.decode()
    assert 'name="name"' not in page
    assert 'name="criteria-0-weight"' not in page
    assert rubric.locked_at is not None and rubric.locked_at <= timezone.now()
