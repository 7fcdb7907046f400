"""Public councils: members become observers, documents are filed on public subjects with a working-day
deadline, the body answers, overdue recommendations are flagged and announced once, members are invited."""

from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.enums import CompetitionStatus
from planning.enums import PlanStatus
from portal.accounts.models import ObserverMembership
from portal.audit.models import AuditEvent
from portal.councils import services
from portal.councils.enums import CouncilDocumentStatus
from portal.councils.selectors import documents_awaiting_answer
from portal.councils.targets import UnknownSubject, resolve_subject
from portal.errors import TransitionError
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db
FILED = timezone.make_aware(datetime(2027, 6, 1, 11, 0))  # a Tuesday


@pytest.fixture
def council():
    return f.CouncilFactory()


@pytest.fixture
def secretary(council):
    user = f.UserFactory()
    services.council_member_add(council=council, user=user, role="secretary", actor=None)
    return user


@pytest.fixture
def official(council):
    return f.OfficialMembershipFactory(body=council.body).user


@pytest.fixture
def plan(council):
    return f.PlanFactory(body=council.body, status=PlanStatus.PROPOSALS_OPEN)


def file(council, secretary, subject, *, kind="recommendation", now=FILED, **extra):
    return services.council_document_file(council=council, kind=kind, title="On the plan", subject=subject,
                                          text="Add rural districts.", actor=secretary, now=now, **extra)


def test_members_become_observers_of_the_body_and_stop_when_removed(council):
    user = f.UserFactory()
    member = services.council_member_add(council=council, user=user, role="member", actor=None)
    assert ObserverMembership.objects.filter(user=user, body=council.body).exists()
    other = f.CouncilFactory(body=council.body)
    services.council_member_add(council=other, user=user, role="member", actor=None)
    services.council_member_remove(member=member, actor=None)
    assert ObserverMembership.objects.filter(user=user, body=council.body).exists(), "still on the other council"
    services.council_member_remove(member=other.members.get(), actor=None)
    assert not ObserverMembership.objects.filter(user=user, body=council.body).exists()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "council.member_added", "council.member_added", "council.member_removed", "council.member_removed"]


def test_a_council_has_one_chair(council):
    services.council_member_add(council=council, user=f.UserFactory(), role="chair", actor=None)
    with pytest.raises(services.CouncilRefused) as refused:
        services.council_member_add(council=council, user=f.UserFactory(), role="chair", actor=None)
    assert [field for field, _m in refused.value.problems] == ["role"]


def test_a_recommendation_is_due_within_the_configured_working_days(settings, council, secretary, plan, official):
    settings.COUNCIL_ANSWER_WORKING_DAYS = 3
    document = file(council, secretary, plan)
    assert (document.status, document.answer_due_on) == (CouncilDocumentStatus.FILED, date(2027, 6, 4))
    assert (document.target, document.target_label, document.target_url) == (plan, plan.title,
                                                                               f"/plans/{plan.pk}/")
    conclusion = file(council, secretary, plan, kind="conclusion")
    assert conclusion.answer_due_on is None
    notice = Notification.objects.filter(user=official).first()
    assert notice.subject == f"Public council: Conclusion on {plan.title}"
    assert notice.url == f"/councils/documents/{conclusion.pk}/answer/"
    assert Notification.objects.filter(user=official).last().body == "The body answers by 04.06.2027."


def test_documents_only_on_public_subjects_of_the_councils_body(council, secretary):
    draft = f.PlanFactory(body=council.body)
    foreign = f.PlanFactory(status=PlanStatus.APPROVED, current_version=1)
    for subject in (draft, foreign, None):
        with pytest.raises(services.CouncilRefused) as refused:
            file(council, secretary, subject)
        assert [field for field, _m in refused.value.problems] == ["subject"]
    with pytest.raises(UnknownSubject):
        resolve_subject(f"planning.plan:{draft.pk}", body_id=council.body_id)
    with pytest.raises(UnknownSubject):
        resolve_subject("accounts.user:1", body_id=council.body_id)


def test_a_document_on_a_competition_lands_on_its_audit_trail(council, secretary):
    competition = f.CompetitionFactory(body=council.body)
    assert resolve_subject(f"competitions.competition:{competition.pk}", body_id=council.body_id) == competition
    document = file(council, secretary, competition, upload=SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n%%EOF"))
    event = AuditEvent.objects.get(action="council_document.filed")
    assert event.scope == f"competition:{competition.pk}"
    assert (document.original_name, document.content_type, document.size) == ("protocol.pdf", "application/pdf", 14)
    draft = f.CompetitionFactory(body=council.body, status=CompetitionStatus.DRAFT)
    with pytest.raises(services.CouncilRefused):
        file(council, secretary, draft)


def test_every_filing_problem_at_once(council, secretary, plan):
    with pytest.raises(services.CouncilRefused) as refused:
        services.council_document_file(council=council, kind="memo", title=" ", text="", subject=plan,
                                       upload=SimpleUploadedFile("x.pdf", b"MZ not a pdf"), actor=secretary)
    assert [field for field, _m in refused.value.problems] == ["kind", "title", "text", "upload"]


def test_the_body_answers_and_the_council_hears(council, secretary, plan, official):
    document = file(council, secretary, plan)
    with pytest.raises(services.CouncilRefused):
        services.council_document_answer(document=document, text="  ", actor=official)
    answered = services.council_document_answer(document=document, text="Two districts added.", actor=official,
                                                now=FILED + timedelta(days=2))
    assert (answered.status, answered.answer_text, answered.answered_by) == (
        CouncilDocumentStatus.ANSWERED, "Two districts added.", official)
    notice = Notification.objects.get(user=secretary)
    assert notice.subject == "The body answered the council's Recommendation: On the plan"
    with pytest.raises(TransitionError):
        services.council_document_answer(document=answered, text="Again", actor=official)
    event = AuditEvent.objects.get(action="council_document.answered")
    assert event.reason == ""


def test_overdue_recommendations_are_flagged_and_announced_once(settings, council, secretary, plan, official):
    settings.COUNCIL_ANSWER_WORKING_DAYS = 10
    document = file(council, secretary, plan)
    assert document.answer_due_on == date(2027, 6, 15)
    assert not document.is_overdue_on(date(2027, 6, 15))
    assert document.is_overdue_on(date(2027, 6, 16))
    file(council, secretary, plan, kind="hearing_protocol")
    before = Notification.objects.count()
    late = timezone.make_aware(datetime(2027, 6, 16, 9, 0))
    assert services.council_documents_notify_overdue(now=late) == 1
    assert services.council_documents_notify_overdue(now=late + timedelta(hours=1)) == 0
    assert Notification.objects.count() == before + 2  # the official and the secretary
    assert Notification.objects.get(user=official, subject__startswith="Overdue").body == (
        "The answer was due by 15.06.2027.")
    answered = services.council_document_answer(document=document, text="Late, sorry.", actor=official, now=late)
    assert AuditEvent.objects.get(action="council_document.answered").reason == "@answered_late"
    assert not answered.is_overdue_on(date(2027, 7, 1))


def test_the_officials_queue_lists_unanswered_documents_by_deadline(council, secretary, plan, official):
    later = file(council, secretary, plan, now=FILED + timedelta(days=7))
    first = file(council, secretary, plan)
    f.CouncilFactory()  # another body's council: not in the queue
    assert list(documents_awaiting_answer(official)) == [first, later]
    assert list(documents_awaiting_answer(f.OfficialMembershipFactory().user)) == []


def test_members_are_invited_to_observe(council, secretary):
    member = f.UserFactory(preferred_language="ru")
    services.council_member_add(council=council, user=member, role="member", actor=None)
    when = timezone.make_aware(datetime(2027, 6, 10, 15, 0))
    users = services.council_invite_members(council=council, subject="the expert draw of SZ-2027-0001", when=when,
                                            link="/competitions/SZ-2027-0001/", actor=None)
    assert sorted(u.pk for u in users) == sorted([secretary.pk, member.pk])
    notice = Notification.objects.get(user=member)
    assert notice.subject == "Приглашение наблюдать: the expert draw of SZ-2027-0001"
    assert notice.url == "/competitions/SZ-2027-0001/"
    assert "10.06.2027 15:00" in notice.body
    assert AuditEvent.objects.get(action="council.members_invited").after["recipients"] == 2


def test_the_beat_task_sends_the_overdue_notices(settings, council, secretary, plan):
    from portal.councils.tasks import notify_overdue

    settings.COUNCIL_ANSWER_WORKING_DAYS = 1
    file(council, secretary, plan, now=timezone.now() - timedelta(days=10))
    assert notify_overdue.apply().get() == 1
    assert notify_overdue.apply().get() == 0
    assert "notify-overdue-council-answers" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize("key", ["planning.plan:²", "planning.plan:" + "9" * 30, "planning.plan:-1", "planning.plan:",
                                 "nonsense", ""])
def test_odd_subjects_are_unknown_not_errors(council, key):
    with pytest.raises(UnknownSubject):
        resolve_subject(key, body_id=council.body_id)
