"""Pages of the commission (officials manage; observers read): members and quorum, meetings with attendance
and votes, the protocol files; the public extract beside the results."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.errors import DomainError

from ..commission import selectors, services
from ..enums import MeetingStatus, ReportStatus
from ..errors import ProblemsError
from ..forms.commission import AttendanceForm, DecisionForm, MeetingForm, MemberForm, QuorumForm
from .common import followed_competition, require


def add_problems(form, error):
    for key, message in getattr(error, "problems", None) or [(None, error.message)]:
        form.add_error(key if key in form.fields else None, message)


def _commission_page(request, competition, *, status=200, **forms):
    commission = selectors.commission_of(competition)
    return render(request, "commission/commission.html", {
        "competition": competition, "commission": commission,
        "members": list(commission.members.all()) if commission else [],
        "meetings": list(selectors.meetings_of(commission)) if commission else [],
        "can_manage": rules.has_perm("scoring.manage_commission", request.user, competition),
        "quorum_form": forms.get("quorum_form") or QuorumForm(initial={
            "quorum_numerator": getattr(commission, "quorum_numerator", 2),
            "quorum_denominator": getattr(commission, "quorum_denominator", 3)}),
        "member_form": forms.get("member_form") or MemberForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
    }, status=status)


@login_required
@require_GET
def commission_page(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.view_commission", competition)
    return _commission_page(request, competition)


@login_required
@require_POST
def commission_quorum(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.manage_commission", competition)
    form = QuorumForm(request.POST)
    if form.is_valid():
        try:
            services.commission_setup(competition=competition, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_problems(form, error)
    if form.errors:
        return _commission_page(request, competition, status=400, quorum_form=form)
    messages.success(request, _("The commission's quorum is saved."))
    return redirect("scoring:commission", reference=reference)


@login_required
@require_POST
def commission_member_add(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.manage_commission", competition)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        council_member = services.council_member_for(data["email"], competition.body_id)
        if data["council_representative"] and council_member is None:
            form.add_error("council_representative", _("This person sits on no public council of this body."))
        else:
            try:
                board = selectors.commission_of(competition) or services.commission_setup(
                    competition=competition, actor=request.user)
                services.commission_member_add(
                    commission=board, user=data["email"], full_name=data["full_name"], position=data["position"],
                    role=data["role"], council_member=council_member if data["council_representative"] else None,
                    actor=request.user)
            except DomainError as error:
                add_problems(form, error)
    if form.errors:
        return _commission_page(request, competition, status=400, member_form=form)
    messages.success(request, _("The member is added."))
    return redirect("scoring:commission", reference=reference)


@login_required
@require_POST
def meeting_schedule(request, reference):
    competition = followed_competition(request, reference)
    require(request, "scoring.manage_commission", competition)
    form = MeetingForm(request.POST)
    board = selectors.commission_of(competition)
    if form.is_valid():
        try:
            if board is None:
                raise ProblemsError([("held_at", _("Add the commission's members first."))])
            meeting = services.meeting_schedule(commission=board, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_problems(form, error)
    if form.errors:
        return _commission_page(request, competition, status=400, meeting_form=form)
    messages.success(request, _("The meeting is scheduled; members and the public council are invited."))
    return redirect("scoring:meeting", reference=reference, pk=meeting.pk)


def _meeting(request, reference, pk):
    competition = followed_competition(request, reference)
    require(request, "scoring.view_commission", competition)
    board = selectors.commission_of(competition)
    if board is None:
        raise Http404
    return competition, get_object_or_404(selectors.meeting_of(board, pk))


def _meeting_page(request, competition, meeting, *, status=200, attendance_form=None, decision_form=None):
    members = list(meeting.commission.members.all())
    present = [a.member for a in meeting.attendance.all() if a.present]
    return render(request, "commission/meeting.html", {
        "competition": competition, "meeting": meeting, "members": members,
        "attendance": list(meeting.attendance.all()), "votes": list(meeting.votes.all()),
        "protocols": sorted(meeting.protocols.all(), key=lambda p: (p.kind, p.language)),
        "can_hold": rules.has_perm("scoring.hold_meeting", request.user, competition),
        "attendance_form": attendance_form or AttendanceForm(members=members),
        "decision_form": decision_form or DecisionForm(members=present),
    }, status=status)


@login_required
@require_GET
def meeting_page(request, reference, pk):
    competition, meeting = _meeting(request, reference, pk)
    return _meeting_page(request, competition, meeting)


@login_required
@require_POST
def meeting_hold(request, reference, pk):
    competition, meeting = _meeting(request, reference, pk)
    require(request, "scoring.hold_meeting", competition)
    form = AttendanceForm(request.POST, members=meeting.commission.members.all())
    if form.is_valid():
        try:
            services.meeting_hold(meeting=meeting, present_member_ids=form.cleaned_data["present"],
                                  actor=request.user)
        except DomainError as error:
            add_problems(form, error)
    if form.errors:
        return _meeting_page(request, competition, meeting, status=400, attendance_form=form)
    messages.success(request, _("Attendance is recorded and the meeting is open."))
    return redirect("scoring:meeting", reference=reference, pk=pk)


@login_required
@require_POST
def meeting_decide(request, reference, pk):
    competition, meeting = _meeting(request, reference, pk)
    require(request, "scoring.hold_meeting", competition)
    present = [a.member for a in meeting.attendance.all() if a.present]
    form = DecisionForm(request.POST, members=present)
    if form.is_valid():
        try:
            meeting = services.meeting_decide(meeting=meeting, votes=form.votes(), reason=form.cleaned_data["reason"],
                                              actor=request.user)
        except DomainError as error:
            add_problems(form, error)
    if form.errors:
        return _meeting_page(request, competition, meeting, status=400, decision_form=form)
    if meeting.status == MeetingStatus.RANKING_APPROVED:
        messages.success(request, _("The ranking is approved; the protocol is being prepared."))
    else:
        messages.success(request, _("The ranking is sent back and reopened; the protocol is being prepared."))
    return redirect("scoring:meeting", reference=reference, pk=pk)


def _pdf(protocol):
    if protocol.status != ReportStatus.DONE or not protocol.file:
        raise Http404
    language = protocol.language.replace("+", "-")
    name = f"{protocol.meeting.commission.competition.reference}-{protocol.kind}-{language}.pdf"
    return FileResponse(protocol.file.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")


@login_required
@require_GET
def protocol_download(request, reference, pk, protocol_pk):
    _competition, meeting = _meeting(request, reference, pk)
    return _pdf(get_object_or_404(meeting.protocols.all(), pk=protocol_pk))


@require_GET
def public_extract_download(request, reference, pk):
    """The public extract of the protocol that approved published results: anyone may download it."""
    protocol = get_object_or_404(selectors.public_extract(pk).select_related("meeting__commission__competition"),
                                 meeting__commission__competition__reference=reference)
    return _pdf(protocol)
