"""The competition's commission: its members, meetings with attendance and votes, and the protocol files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from portal.councils.models import CouncilMember
from portal.multilingual import localized_value
from portal.pdf import bilingual_choices

from ..enums import CommissionRole, MeetingFormat, MeetingStatus, ProtocolKind, ReportStatus, Vote
from .ranking import RankingSnapshot


class Commission(models.Model):
    """One per competition. The quorum is a fraction of the members (default: at least two thirds)."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="commission",
                                       verbose_name=_("competition"))
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        constraints = [
            models.CheckConstraint(condition=Q(quorum_numerator__gte=1, quorum_denominator__gte=1)
                                   & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                                   name="commission_quorum_fraction"),
        ]

    def __str__(self):
        return f"{self.competition.reference}"


class CommissionMember(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members",
                                   verbose_name=_("commission"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats",
                             verbose_name=_("user"))
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=CommissionRole.choices, default=CommissionRole.MEMBER)
    council_member = models.ForeignKey(CouncilMember, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="commission_seats",
                                       verbose_name=_("public council representative"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["commission", "role", "full_name", "id"]
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_once"),
            models.UniqueConstraint(fields=["commission"], condition=Q(role="chair"), name="commission_one_chair"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"


class CommissionMeeting(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="meetings",
                                   verbose_name=_("commission"))
    number = models.PositiveSmallIntegerField(_("number"))
    held_at = models.DateTimeField(_("date and time"))
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices,
                              default=MeetingFormat.IN_PERSON)
    place = models.CharField(_("place"), max_length=300, blank=True)
    livestream_url = models.URLField(_("livestream link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    snapshot = models.ForeignKey(RankingSnapshot, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="commission_meetings", verbose_name=_("ranking snapshot"))
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    # The public council members invited to observe: [{"name": ..., "council": ...}] (names are public).
    invited_observers = models.JSONField(_("invited observers"), default=list, blank=True)

    class Meta:
        ordering = ["commission", "-number"]
        verbose_name = _("commission meeting")
        verbose_name_plural = _("commission meetings")
        constraints = [models.UniqueConstraint(fields=["commission", "number"], name="meeting_unique_number")]

    @property
    def observers(self):
        """The invited observers for display: name and council (in the reader's language)."""
        return [{"name": row.get("name", ""), "council": localized_value(
            {code: row.get(f"council_{code}", "") for code in ("kk", "ru", "en")})} for row in self.invited_observers]

    def __str__(self):
        return f"{self.commission} meeting {self.number}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="attendance",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="attendance",
                               verbose_name=_("member"))
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]


class MeetingVote(models.Model):
    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="votes",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="votes",
                               verbose_name=_("member"))
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    dissent = models.TextField(_("dissenting opinion"), blank=True)

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="vote_once")]


class MeetingProtocol(models.Model):
    """A protocol file of a decided meeting: the full protocol or its public extract, in Kazakh then Russian
    (``language`` "kk+ru"); files rendered before in one language each ("kk", "ru") stay downloadable."""

    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="protocols",
                                verbose_name=_("meeting"))
    kind = models.CharField(_("kind"), max_length=10, choices=ProtocolKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=bilingual_choices())
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    file = models.FileField(_("file"), upload_to="protocols/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "language"]
        verbose_name = _("meeting protocol")
        verbose_name_plural = _("meeting protocols")
        constraints = [models.UniqueConstraint(fields=["meeting", "kind", "language"], name="protocol_once")]

    def __str__(self):
        return f"{self.meeting} {self.kind} {self.language}"
