"""Writes of the commission: its members and quorum, meetings (attendance, votes, the decision on the frozen
ranking) and the protocol files. ``meeting_transition`` is the only writer of ``CommissionMeeting.status``."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus
from competitions.models import Competition
from portal import audit
from portal.councils.models import CouncilMember
from portal.councils.selectors import observers_to_invite
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify, outbox_enqueue_task
from portal.pdf import BILINGUAL

from ..enums import MEETING_TRANSITIONS, CommissionRole, MeetingFormat, MeetingStatus, ProtocolKind, Vote
from ..errors import ProblemsError
from ..models import (
    Commission,
    CommissionMeeting,
    CommissionMember,
    MeetingAttendance,
    MeetingProtocol,
    MeetingVote,
    RankingSnapshot,
)
from ..ranking.services import ranking_reopen
from .quorum import has_quorum, tally


@transaction.atomic
def commission_setup(*, competition, actor, quorum_numerator=2, quorum_denominator=3):
    """Create (or re-configure) the competition's commission and its quorum rule (a fraction of the members)."""
    if not (1 <= quorum_numerator <= quorum_denominator):
        raise ProblemsError([("quorum_numerator", _("The quorum must be a fraction between 1/n and 1."))])
    commission, created = Commission.objects.select_for_update().get_or_create(
        competition=competition, defaults={"quorum_numerator": quorum_numerator,
                                           "quorum_denominator": quorum_denominator})
    before = None if created else {"quorum": f"{commission.quorum_numerator}/{commission.quorum_denominator}"}
    commission.quorum_numerator, commission.quorum_denominator = quorum_numerator, quorum_denominator
    commission.save(update_fields=["quorum_numerator", "quorum_denominator"])
    audit.record(actor=actor, action="commission.configured", target=commission, competition_id=competition.pk,
                 before=before, after={"quorum": f"{quorum_numerator}/{quorum_denominator}"})
    return commission


@transaction.atomic
def commission_member_add(*, commission, user, full_name, actor, role=CommissionRole.MEMBER, position="",
                          council_member=None):
    full_name = (full_name or "").strip() or user.full_name or user.email
    if role not in CommissionRole.values:
        raise ProblemsError([("role", _("Choose a role."))])
    if council_member is not None and (council_member.user_id != user.pk
                                       or council_member.council.body_id != commission.competition.body_id):
        raise ProblemsError([("council_member", _("A council representative must be a member of a public council "
                                                  "of this body, added as themselves."))])
    if role == CommissionRole.CHAIR and commission.members.filter(role=CommissionRole.CHAIR).exists():
        raise ProblemsError([("role", _("The commission already has a chair."))], code="commission_state")
    if commission.members.filter(user=user).exists():
        raise ProblemsError([("user", _("This person is already a member of the commission."))],
                            code="commission_state")
    try:
        with transaction.atomic():
            member = CommissionMember.objects.create(commission=commission, user=user, full_name=full_name,
                                                     position=(position or "").strip(), role=role,
                                                     council_member=council_member)
    except IntegrityError:
        raise ProblemsError([("user", _("This person is already a member of the commission."))],
                            code="commission_state") from None
    audit.record(actor=actor, action="commission.member_added", target=member,
                 competition_id=commission.competition_id,
                 after={"user_id": user.pk, "role": role, "council_member": getattr(council_member, "pk", None)})
    return member


def council_member_for(user, body_id):
    """The user's seat on a public council of the body, if any (commission representatives come from there)."""
    return CouncilMember.objects.filter(user=user, council__body_id=body_id).select_related("council").first()


@transaction.atomic
def meeting_schedule(*, commission, held_at, actor, format=MeetingFormat.IN_PERSON, place="", livestream_url=""):
    problems = []
    if format not in MeetingFormat.values:
        problems.append(("format", _("Choose in person or online.")))
    if format == MeetingFormat.ONLINE and not livestream_url:
        problems.append(("livestream_url", _("An online meeting needs its livestream link.")))
    if not commission.members.exists():
        raise ProblemsError([("held_at", _("Add the commission's members first."))], code="commission_state")
    if problems:
        raise ProblemsError(problems)
    number = (commission.meetings.aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = CommissionMeeting.objects.create(commission=commission, number=number, held_at=held_at, format=format,
                                               place=(place or "").strip(), livestream_url=livestream_url or "",
                                               created_by=actor)
    audit.record(actor=actor, action="commission.meeting_scheduled", target=meeting,
                 competition_id=commission.competition_id,
                 after={"number": number, "held_at": held_at, "format": format, "livestream_url": livestream_url})
    competition = commission.competition
    invited = {m.user for m in commission.members.select_related("user")}
    observers, rows = observers_to_invite(competition.body_id)
    if observers:
        meeting.invited_observers = rows
        meeting.save(update_fields=["invited_observers"])
        audit.record(actor=actor, action="commission.observers_invited", target=meeting,
                     competition_id=competition.pk, after={"observers": len(observers)})
    invited.update(observers)
    notify(users=sorted(invited, key=lambda u: u.pk),
           subject=later(_("Commission meeting on %(reference)s"), reference=competition.reference),
           body=later(_("The commission meets on %(date)s. Livestream: %(link)s"),
                      date=timezone.localtime(held_at).strftime("%d.%m.%Y %H:%M"), link=livestream_url or "—"),
           url=f"/manage/commission/{competition.reference}/meetings/{meeting.pk}/")
    return meeting


@transaction.atomic
def meeting_transition(*, meeting, to, actor, reason="", after=None, now=None):
    """The only writer of ``CommissionMeeting.status``."""
    now = now or timezone.now()
    before = meeting.status
    check_transition(table=MEETING_TRANSITIONS, kind="meeting", current=before, to=to)
    meeting.status, meeting.status_changed_at = to, now
    meeting.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"commission.meeting_{to}", target=meeting,
                 competition_id=meeting.commission.competition_id, before={"status": before},
                 after={"status": to, **(after or {})}, reason=reason)
    return meeting


def _locked_meeting(meeting):
    return CommissionMeeting.objects.select_for_update().select_related("commission__competition").get(pk=meeting.pk)


@transaction.atomic
def meeting_hold(*, meeting, present_member_ids, actor, now=None):
    """Record attendance; the meeting is held when the quorum is present and a frozen ranking lies before it."""
    meeting = _locked_meeting(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Attendance is recorded once, when the meeting opens."), code="meeting_not_scheduled")
    commission = meeting.commission
    competition = Competition.objects.select_for_update().get(pk=commission.competition_id)
    members = list(commission.members.all())
    present = {int(pk) for pk in present_member_ids}
    unknown = present - {m.pk for m in members}
    if unknown:
        raise ProblemsError([("present", _("Only members of the commission can be marked present."))])
    if not has_quorum(present=len(present), members=len(members), numerator=commission.quorum_numerator,
                      denominator=commission.quorum_denominator):
        raise DomainError(_("No quorum: %(present)s of %(members)s members present, at least %(numerator)s/"
                            "%(denominator)s are needed.")
                          % {"present": len(present), "members": len(members),
                             "numerator": commission.quorum_numerator, "denominator": commission.quorum_denominator},
                          code="no_quorum")
    snapshot = RankingSnapshot.objects.filter(competition=competition, is_current=True).first()
    if competition.status != CompetitionStatus.RANKED or snapshot is None:
        raise DomainError(_("The commission decides on a frozen ranking: freeze the ranking first."),
                          code="not_ranked")
    MeetingAttendance.objects.bulk_create([MeetingAttendance(meeting=meeting, member=m, present=m.pk in present)
                                           for m in members])
    meeting.snapshot = snapshot
    meeting.save(update_fields=["snapshot"])
    return meeting_transition(meeting=meeting, to=MeetingStatus.HELD, actor=actor, now=now,
                              after={"present": sorted(present), "members": len(members),
                                     "snapshot": snapshot.number, "sha256": snapshot.sha256})


@transaction.atomic
def meeting_decide(*, meeting, votes, actor, reason="", now=None):
    """Record each present member's vote (``votes``: member id -> (vote, dissenting opinion)) and the decision.

    The ranking is approved when more present members vote for it than against (the chair's vote decides a
    tie; see ``quorum.tally``); a member
    who voted against the decision may attach a dissenting opinion. Sent back, the ranking is reopened with
    the reasons. Either way the protocol is produced in the worker."""
    meeting = _locked_meeting(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise DomainError(_("Only a meeting in session decides."), code="meeting_not_held")
    competition = Competition.objects.select_for_update().get(pk=meeting.commission.competition_id)
    snapshot = meeting.snapshot
    if competition.status != CompetitionStatus.RANKED or not snapshot or not RankingSnapshot.objects.filter(
            pk=snapshot.pk, is_current=True).exists():
        raise DomainError(_("The ranking before the meeting is no longer the current frozen one."),
                          code="snapshot_changed")
    present = {a.member_id: a.member for a in meeting.attendance.select_related("member") if a.present}
    votes = {int(k): v for k, v in votes.items()}
    problems = []
    if set(votes) != set(present):
        problems.append(("votes", _("Record one vote for every member present, and only for them.")))
    for vote, _dissent in votes.values():
        if vote not in Vote.values:
            problems.append(("votes", _("Unknown vote.")))
            break
    if problems:
        raise ProblemsError(problems)
    chair = next((pk for pk, m in present.items() if m.role == CommissionRole.CHAIR), None)
    decision = tally({pk: v for pk, (v, _d) in votes.items()}, chair=chair)
    to = MeetingStatus.RANKING_APPROVED if decision == Vote.APPROVE else MeetingStatus.SENT_BACK
    reason = (reason or "").strip()
    if to == MeetingStatus.SENT_BACK and not reason:
        raise ProblemsError([("reason", _("Give the reasons for sending the ranking back."))],
                            code="reason_required")
    for pk, (vote, dissent) in votes.items():
        if (dissent or "").strip() and vote == decision:
            raise ProblemsError([("votes", _("A dissenting opinion belongs to a member who voted against the "
                                             "decision: %(name)s voted for it.") % {"name": present[pk].full_name})])
    MeetingVote.objects.bulk_create([MeetingVote(meeting=meeting, member=present[pk], vote=vote,
                                                 dissent=(dissent or "").strip())
                                     for pk, (vote, dissent) in sorted(votes.items())])
    meeting.decision_reason = reason
    meeting.save(update_fields=["decision_reason"])
    counts = {v: sum(1 for vote, _d in votes.values() if vote == v) for v in Vote.values}
    meeting_transition(meeting=meeting, to=to, actor=actor, reason=reason, now=now,
                       after={"votes": counts, "dissents": sum(1 for _v, d in votes.values() if (d or "").strip()),
                              "snapshot": snapshot.number, "sha256": snapshot.sha256})
    if to == MeetingStatus.SENT_BACK:
        ranking_reopen(competition=competition, actor=actor,
                       reason=f"commission meeting {meeting.number}: {reason}")
    protocols_request(meeting=meeting)
    return meeting


def protocols_request(*, meeting):
    """One protocol and one public extract, each one PDF in Kazakh then Russian (public documents of a body carry
    both), each rendered once by the worker (through the outbox)."""
    for kind in ProtocolKind.values:
        protocol, created = MeetingProtocol.objects.get_or_create(meeting=meeting, kind=kind, language=BILINGUAL)
        if created:
            outbox_enqueue_task(task="scoring.render_protocol", kwargs={"protocol_id": protocol.pk},
                                key=f"protocol:{protocol.pk}")
