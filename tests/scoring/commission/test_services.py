"""The commission: members, quorum, a meeting that approves (with one dissent) or sends the ranking back,
the protocol through the outbox, and the rule that results are published only from an approved ranking."""

import hashlib

import pytest
from django.test import TestCase
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.errors import DomainError
from portal.formatting import MONTHS
from portal.notifications.models import OutboxMessage
from portal.signatures.seal import check_seal
from scoring.commission import services as commission
from scoring.commission.protocol import protocol_render
from scoring.enums import CommissionRole, MeetingStatus, ReportStatus, Vote
from scoring.errors import ProblemsError
from scoring.models import MeetingProtocol, MeetingVote
from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.bilingual_pdf import bilingual
from tests.scoring.results_world import ranked_competition, scored_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(official):
    competition = ranked_competition(weights=("1",), experts=1, body=official.official_memberships.get().body)
    scored_application(competition, [[8]])
    scored_application(competition, [[6]])
    snapshot = ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    return competition, snapshot


def _board(competition, official, n=3):
    board = commission.commission_setup(competition=competition, actor=official)
    seats = [commission.commission_member_add(commission=board, user=official, full_name="Chair Person",
                                              role=CommissionRole.CHAIR, actor=official)]
    seats += [commission.commission_member_add(commission=board, user=f.UserFactory(), full_name=f"Member {i}",
                                               actor=official) for i in range(2, n + 1)]
    return board, seats


def test_publishing_needs_an_approved_ranking(ranked, official):
    competition, _snapshot = ranked
    with pytest.raises(DomainError) as refused:
        results_publish(competition=competition, actor=official)
    assert refused.value.code == "ranking_not_approved"
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RANKED


def test_no_quorum_keeps_the_meeting_scheduled(ranked, official):
    competition, _snapshot = ranked
    board, seats = _board(competition, official)
    meeting = commission.meeting_schedule(commission=board, held_at=competition.closes_at, actor=official)
    with pytest.raises(DomainError) as refused:
        commission.meeting_hold(meeting=meeting, present_member_ids=[seats[0].pk], actor=official)
    assert refused.value.code == "no_quorum"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and not meeting.attendance.exists()


def test_approval_with_one_dissent_then_publish(ranked, official):
    competition, snapshot = ranked
    board, seats = _board(competition, official)
    meeting = commission.meeting_schedule(commission=board, held_at=competition.closes_at, actor=official,
                                          format="online", livestream_url="https://stream.example.kz/live")
    meeting = commission.meeting_hold(meeting=meeting, present_member_ids=[s.pk for s in seats], actor=official)
    assert meeting.snapshot == snapshot
    with TestCase.captureOnCommitCallbacks(execute=False):
        meeting = commission.meeting_decide(meeting=meeting, actor=official, votes={
            seats[0].pk: (Vote.APPROVE, ""), seats[1].pk: (Vote.APPROVE, ""),
            seats[2].pk: (Vote.SEND_BACK, "Application 2 deserved a third expert.")})
    assert meeting.status == MeetingStatus.RANKING_APPROVED
    assert list(MeetingVote.objects.exclude(dissent="").values_list("member__full_name", flat=True)) == ["Member 3"]
    protocols = MeetingProtocol.objects.filter(meeting=meeting)
    assert sorted(protocols.values_list("kind", "language")) == [("extract", "kk+ru"), ("full", "kk+ru")]
    assert OutboxMessage.objects.filter(channel="task", address="scoring.render_protocol").count() == 2
    results_publish(competition=competition, actor=official)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.RESULTS_PUBLISHED


def test_dissent_from_the_majority_side_is_refused(ranked, official):
    competition, _snapshot = ranked
    board, seats = _board(competition, official)
    meeting = commission.meeting_schedule(commission=board, held_at=competition.closes_at, actor=official)
    meeting = commission.meeting_hold(meeting=meeting, present_member_ids=[s.pk for s in seats], actor=official)
    with pytest.raises(ProblemsError):
        commission.meeting_decide(meeting=meeting, actor=official, votes={
            s.pk: (Vote.APPROVE, "I agree, but...") for s in seats})
    with pytest.raises(ProblemsError):  # every member present votes
        commission.meeting_decide(meeting=meeting, actor=official, votes={seats[0].pk: (Vote.APPROVE, "")})


def test_sent_back_reopens_the_ranking_with_reasons(ranked, official):
    competition, _snapshot = ranked
    board, seats = _board(competition, official)
    meeting = commission.meeting_schedule(commission=board, held_at=competition.closes_at, actor=official)
    meeting = commission.meeting_hold(meeting=meeting, present_member_ids=[s.pk for s in seats[:2]], actor=official)
    votes = {seats[0].pk: (Vote.SEND_BACK, ""), seats[1].pk: (Vote.SEND_BACK, "")}
    with pytest.raises(ProblemsError):
        commission.meeting_decide(meeting=meeting, actor=official, votes=votes)
    meeting = commission.meeting_decide(meeting=meeting, actor=official, votes=votes, reason="Recheck bid 2.")
    assert meeting.status == MeetingStatus.SENT_BACK
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.UNDER_REVIEW


@pytest.mark.parametrize(("kind", "kk", "ru"), [
    ("full", "Комиссия отырысының хаттамасы", "Протокол заседания комиссии"),
    ("extract", "Комиссия отырысы хаттамасынан үзінді", "Выписка из протокола заседания комиссии")])
def test_protocol_pdf_is_one_sealed_file_in_kazakh_then_russian(ranked, official, kind, kk, ru):
    competition, _snapshot = ranked
    meeting = f.approve_ranking(competition, actor=official, dissent="Особое мнение: Ерекше пікір.")
    protocol = MeetingProtocol.objects.get(meeting=meeting, kind=kind)
    protocol = protocol_render(protocol_id=protocol.pk)
    assert protocol.status == ReportStatus.DONE, protocol.error
    content = protocol.file.read()
    assert content.startswith(b"%PDF") and check_seal(content).ok
    assert hashlib.sha256(content).hexdigest() == protocol.sha256
    assert protocol.file.name.endswith(f"-{kind}-kk-ru.pdf")
    halves = bilingual(content, kk=kk, ru=ru, name=f"protocol-{kind}")
    held = timezone.localtime(meeting.held_at)
    kk_day = f"{held.day} {MONTHS['kk'][held.month - 1]} {held.year}"
    ru_day = f"{held.day} {MONTHS['ru'][held.month - 1]} {held.year}"
    ru_first = halves.page_of(ru)
    assert halves.page_of(kk_day) < ru_first <= halves.page_of(ru_day)
    assert halves.page_of("Қатысу") < ru_first <= halves.page_of("Явка")
    assert protocol_render(protocol_id=protocol.pk).sha256 == protocol.sha256  # idempotent
