"""Reads of the commission: its members, meetings with attendance and votes, the protocols, the public extract."""

from django.db.models import Prefetch

from ..enums import MeetingStatus, ProtocolKind, ReportStatus
from ..models import Commission, CommissionMeeting, MeetingAttendance, MeetingProtocol, MeetingVote


def commission_of(competition):
    return (Commission.objects.filter(competition=competition)
            .prefetch_related("members__council_member__council", "members__user").first())


def meetings_of(commission):
    return (CommissionMeeting.objects.filter(commission=commission).select_related("snapshot")
            .defer("snapshot__data", "snapshot__canonical")
            .prefetch_related(Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("member")),
                              Prefetch("votes", queryset=MeetingVote.objects.select_related("member")),
                              "protocols")
            .order_by("-number"))


def meeting_of(commission, pk):
    return meetings_of(commission).filter(pk=pk)


def approved_meeting(snapshot):
    """The meeting that approved this snapshot (the one results may be published from)."""
    if snapshot is None:
        return None
    return (CommissionMeeting.objects.filter(snapshot=snapshot, status=MeetingStatus.RANKING_APPROVED)
            .order_by("-number").first())


def public_extracts(snapshot):
    """The finished public extracts (kk, ru) of the meeting that approved a published snapshot."""
    return list(MeetingProtocol.objects.filter(
        meeting__snapshot=snapshot, meeting__status=MeetingStatus.RANKING_APPROVED, kind=ProtocolKind.EXTRACT,
        status=ReportStatus.DONE).select_related("meeting").order_by("language"))


def public_extract(pk):
    """A queryset with the public extract ``pk`` if its snapshot's results are published (else empty)."""
    return MeetingProtocol.objects.filter(pk=pk, kind=ProtocolKind.EXTRACT, status=ReportStatus.DONE,
                                          meeting__status=MeetingStatus.RANKING_APPROVED,
                                          meeting__snapshot__published_at__isnull=False)
