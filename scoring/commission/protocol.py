"""The protocol of a decided commission meeting and its public extract: ONE sealed PDF (WeasyPrint) each, the full
Kazakh text then the full Russian text, each from a fresh page under a running header naming its language (the
attendance and ranking tables run over pages and need the full width: two columns would not hold them).

``protocol_render`` is the body of the worker's task (idempotent); ``protocol_context`` builds what the
template needs from the meeting and the snapshot it decided on (never from the live ranking)."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.pdf import render_bilingual, render_pdf
from portal.signatures.seal import seal_pdf

from ..enums import MeetingStatus, ProtocolKind, ReportStatus, Vote
from ..models import MeetingProtocol
from ..ranking.display import snapshot_table
from .quorum import has_quorum

log = logging.getLogger(__name__)


def protocol_context(meeting, *, kind):
    commission = meeting.commission
    competition = commission.competition
    attendance = list(meeting.attendance.select_related("member__council_member__council").order_by(
        "member__role", "member__full_name"))
    votes = {v.member_id: v for v in meeting.votes.all()}
    present = sum(1 for a in attendance if a.present)
    people = [{"member": a.member, "present": a.present, "vote": votes.get(a.member_id)} for a in attendance]
    snapshot = meeting.snapshot
    return {
        "kind": kind, "full": kind == ProtocolKind.FULL, "meeting": meeting, "commission": commission,
        "competition": competition, "people": people, "present": present, "members": len(attendance),
        "quorum": has_quorum(present=present, members=len(attendance), numerator=commission.quorum_numerator,
                             denominator=commission.quorum_denominator),
        "counts": [(label, sum(1 for v in votes.values() if v.vote == value)) for value, label in Vote.choices],
        "dissents": [v for v in meeting.votes.select_related("member") if v.dissent],
        "approved": meeting.status == MeetingStatus.RANKING_APPROVED,
        "snapshot": snapshot, "rows": snapshot_table(snapshot) if snapshot else [],
    }


TITLES = {ProtocolKind.FULL: _("Protocol of the commission meeting"),
          ProtocolKind.EXTRACT: _("Extract from the protocol of the commission meeting")}


def protocol_pdf(protocol):
    html = render_bilingual("commission/protocol_pdf.html", "commission/protocol_pdf_half.html",
                            protocol_context(protocol.meeting, kind=protocol.kind), title=TITLES[protocol.kind])
    return seal_pdf(render_pdf(html))


def protocol_render(*, protocol_id):
    """Produce one protocol file; a finished one is left as it is. Errors mark it failed (shown to officials)."""
    protocol = MeetingProtocol.objects.select_related("meeting__commission__competition",
                                                      "meeting__snapshot").filter(pk=protocol_id).first()
    if protocol is None or protocol.status == ReportStatus.DONE:
        return protocol
    try:
        content = protocol_pdf(protocol)
        sha256 = hashlib.sha256(content).hexdigest()
        meeting = protocol.meeting
        competition = meeting.commission.competition
        language = protocol.language.replace("+", "-")
        name = f"{competition.reference}-commission-{meeting.number}-{protocol.kind}-{language}.pdf"
        with transaction.atomic():
            protocol.file.save(name, ContentFile(content), save=False)
            MeetingProtocol.objects.filter(pk=protocol.pk).update(
                file=protocol.file.name, sha256=sha256, status=ReportStatus.DONE, finished_at=timezone.now(),
                error="")
            audit.record(actor=None, action="commission.protocol_generated", target=protocol,
                         competition_id=competition.pk,
                         after={"kind": protocol.kind, "language": protocol.language, "sha256": sha256,
                                "meeting": meeting.number})
    except OperationalError:
        raise
    except Exception as exc:  # noqa: BLE001 - the official sees the error
        log.exception("protocol %s failed", protocol.pk)
        MeetingProtocol.objects.filter(pk=protocol.pk).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
    protocol.refresh_from_db()
    return protocol
