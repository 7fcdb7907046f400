"""API of the commission (members, meetings, attendance, votes, protocols) and of the observed draw."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.accounts.models import User
from portal.api_common import ApiMixin, SignedInMixin, errors, require_perm, state_conflicts, visible_or_404

from ..assignment.draw import draw_commit, draw_public_file, draw_run
from ..assignment.selectors import draws_of
from ..commission import selectors, services
from ..enums import CommissionRole, MeetingFormat, Vote
from ..errors import ProblemsError
from ..models import AssignmentDraw, CommissionMember
from .common import ERRORS, competition_or_404


class MemberSerializer(serializers.ModelSerializer):
    council_representative = serializers.SerializerMethodField()

    class Meta:
        model = CommissionMember
        fields = ["id", "full_name", "position", "role", "council_representative"]

    def get_council_representative(self, member) -> bool:
        return member.council_member_id is not None


class ProtocolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    language = serializers.CharField()
    status = serializers.CharField()
    sha256 = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    held_at = serializers.DateTimeField()
    format = serializers.CharField()
    place = serializers.CharField()
    livestream_url = serializers.CharField()
    status = serializers.CharField()
    snapshot_sha256 = serializers.CharField(source="snapshot.sha256", default=None)
    decision_reason = serializers.CharField()
    present = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()
    protocols = ProtocolSerializer(many=True, source="protocols.all")
    invited_observers = serializers.ListField(child=serializers.DictField(child=serializers.CharField()),
                                              source="observers",
                                              help_text=_("Public council members invited to observe: name, council."))

    def get_present(self, meeting) -> list[int]:
        return [a.member_id for a in meeting.attendance.all() if a.present]

    def get_votes(self, meeting) -> list[dict]:
        return [{"member": v.member_id, "vote": v.vote, "dissent": v.dissent} for v in meeting.votes.all()]


class CommissionSerializer(serializers.Serializer):
    quorum_numerator = serializers.IntegerField()
    quorum_denominator = serializers.IntegerField()
    members = MemberSerializer(many=True, source="members.all")
    meetings = serializers.SerializerMethodField()

    def get_meetings(self, commission) -> list[dict]:
        return MeetingSerializer(selectors.meetings_of(commission), many=True).data


def _commission(request, pk, perm="scoring.view_commission"):
    competition = competition_or_404(request, pk)
    require_perm(request.user, perm, competition)
    commission = selectors.commission_of(competition)
    if commission is None:
        raise NotFound()
    return competition, commission


class QuorumSerializer(serializers.Serializer):
    quorum_numerator = serializers.IntegerField(min_value=1, max_value=100, default=2)
    quorum_denominator = serializers.IntegerField(min_value=1, max_value=100, default=3)


class CommissionView(SignedInMixin, GenericAPIView):
    serializer_class = CommissionSerializer

    def get_object(self):
        """The competition whose commission this is (OPTIONS asks for it to describe PUT)."""
        competition = competition_or_404(self.request, self.kwargs["pk"])
        require_perm(self.request.user, "scoring.manage_commission", competition)
        return competition

    @extend_schema(summary="The commission: quorum, members, meetings with attendance, votes and protocols",
                   responses={200: CommissionSerializer, **ERRORS})
    def get(self, request, pk):
        _competition, commission = _commission(request, pk)
        return Response(CommissionSerializer(commission).data)

    @extend_schema(summary="Create the commission or change its quorum (default: at least two thirds)",
                   request=QuorumSerializer, responses={200: CommissionSerializer, **ERRORS})
    def put(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "scoring.manage_commission", competition)
        serializer = QuorumSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.commission_setup(competition=competition, actor=request.user, **serializer.validated_data)
        return Response(CommissionSerializer(selectors.commission_of(competition)).data)


class MemberCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="id of the member's user account")
    full_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    position = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    role = serializers.ChoiceField(choices=CommissionRole.choices, default=CommissionRole.MEMBER)
    council_representative = serializers.BooleanField(default=False)


class MemberCreateView(SignedInMixin, GenericAPIView):
    serializer_class = MemberCreateSerializer

    @extend_schema(summary="Add a member (chair, secretary or member; optionally the public council's representative)",
                   request=MemberCreateSerializer, responses={201: MemberSerializer, **ERRORS})
    def post(self, request, pk):
        competition, commission = _commission(request, pk, "scoring.manage_commission")
        serializer = MemberCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = User.objects.filter(pk=data["user"], is_active=True).first()
        if user is None:
            raise serializers.RowNotFound("user", data["user"], _("No active account has this id."))
        council_member = services.council_member_for(user, competition.body_id)
        # Not on a council of the body, a second chair, a member twice: the present state, not the request (409).
        with state_conflicts("commission_state"):
            if data["council_representative"] and council_member is None:
                raise ProblemsError([("council_representative", _("This person sits on no public council of this "
                                                                  "body."))], code="commission_state")
            member = services.commission_member_add(
                commission=commission, user=user, full_name=data["full_name"], position=data["position"],
                role=data["role"], council_member=council_member if data["council_representative"] else None,
                actor=request.user)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MeetingCreateSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    format = serializers.ChoiceField(choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    livestream_url = serializers.URLField(required=False, allow_blank=True, default="", max_length=200)


class MeetingCreateView(SignedInMixin, GenericAPIView):
    serializer_class = MeetingCreateSerializer

    @extend_schema(summary="Schedule a commission meeting (members and the public council are invited)",
                   request=MeetingCreateSerializer, responses={201: MeetingSerializer, **ERRORS})
    def post(self, request, pk):
        _competition, commission = _commission(request, pk, "scoring.manage_commission")
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("commission_state"):  # no members yet: the commission's state
            meeting = services.meeting_schedule(commission=commission, actor=request.user,
                                                **serializer.validated_data)
        return Response(MeetingSerializer(selectors.meeting_of(commission, meeting.pk).get()).data,
                        status=status.HTTP_201_CREATED)


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the members present")


class VoteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    vote = serializers.ChoiceField(choices=Vote.choices)
    dissent = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    votes = VoteSerializer(many=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _meeting(request, pk, meeting_pk):
    competition, commission = _commission(request, pk, "scoring.hold_meeting")
    return visible_or_404(selectors.meetings_of(commission), pk=meeting_pk), commission


class MeetingAttendanceView(SignedInMixin, GenericAPIView):
    serializer_class = AttendanceSerializer

    @extend_schema(summary="Open the meeting: record attendance (the quorum is checked)",
                   request=AttendanceSerializer, responses={200: MeetingSerializer, **ERRORS})
    def post(self, request, pk, meeting_pk):
        meeting, commission = _meeting(request, pk, meeting_pk)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.meeting_hold(meeting=meeting, present_member_ids=serializer.validated_data["present"],
                              actor=request.user)
        return Response(MeetingSerializer(selectors.meeting_of(commission, meeting.pk).get()).data)


class MeetingDecisionView(SignedInMixin, GenericAPIView):
    serializer_class = DecisionSerializer

    @extend_schema(summary="Record the votes (with dissenting opinions) and the decision on the frozen ranking",
                   request=DecisionSerializer, responses={200: MeetingSerializer, **ERRORS})
    def post(self, request, pk, meeting_pk):
        meeting, commission = _meeting(request, pk, meeting_pk)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        votes = {v["member"]: (v["vote"], v["dissent"]) for v in serializer.validated_data["votes"]}
        services.meeting_decide(meeting=meeting, votes=votes, reason=serializer.validated_data["reason"],
                                actor=request.user)
        return Response(MeetingSerializer(selectors.meeting_of(commission, meeting.pk).get()).data)


class DrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    seed_sha256 = serializers.CharField()
    inputs_sha256 = serializers.CharField()
    committed_at = serializers.DateTimeField()
    revealed_at = serializers.DateTimeField(allow_null=True)
    seed = serializers.SerializerMethodField()
    pairs = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    weigh_performance = serializers.SerializerMethodField()
    invited_observers = serializers.ListField(child=serializers.DictField(child=serializers.CharField()),
                                              source="observers",
                                              help_text=_("Public council members invited to observe: name, council."))

    def get_weigh_performance(self, draw) -> bool:
        return bool(draw.inputs.get("weigh_performance"))

    def get_seed(self, draw) -> str | None:
        return draw.seed if draw.is_revealed else None  # never before the draw


SEED_PATTERN = RegexValidator(r"^\s*$|^\s*\S[\s\S]{14,}\S\s*$",
                              _("The seed must have at least 16 characters, or be left empty."), code="seed")


class DrawCommitSerializer(serializers.Serializer):
    # Empty (the portal draws 32 random hex digits) or, without its surrounding spaces, at least 16 characters.
    seed = serializers.CharField(required=False, allow_blank=True, default="", max_length=200, trim_whitespace=False,
                                 validators=[SEED_PATTERN])
    weigh_performance = serializers.StrictBooleanField(
        required=False, default=False, help_text=_("Publish and weigh each expert's performance penalty."))


class DrawListView(ApiMixin, GenericAPIView):
    queryset = AssignmentDraw.objects.none()  # for the schema; the rows come from draws_of
    serializer_class = DrawSerializer
    pagination_class = None  # a plain list, as the schema says
    permission_classes = [AllowAny]

    @extend_schema(summary="Observed draws of a competition (public): committed hashes, then seed and pairs",
                   responses={200: DrawSerializer(many=True), **errors(404)})
    def get(self, request, pk):
        return Response(DrawSerializer(draws_of(competition_or_404(request, pk)), many=True).data)

    @extend_schema(summary="Commit to a seed (only its SHA-256 and the inputs' SHA-256 are published)",
                   request=DrawCommitSerializer, responses={201: DrawSerializer, **ERRORS})
    def post(self, request, pk):
        if not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        competition = competition_or_404(request, pk)
        require_perm(request.user, "scoring.run_draw", competition)
        serializer = DrawCommitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("competition_not_under_review", "draw_pending", "nothing_to_assign"):
            draw = draw_commit(competition=competition, actor=request.user, seed=serializer.validated_data["seed"],
                               weigh_performance=serializer.validated_data["weigh_performance"])
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class DrawRunView(SignedInMixin, GenericAPIView):
    serializer_class = DrawSerializer

    @extend_schema(summary="Run the committed draw: reveal the seed and propose the drawn assignment",
                   request=None, responses={200: DrawSerializer, **ERRORS})
    def post(self, request, pk, draw_pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "scoring.run_draw", competition)
        draw = visible_or_404(draws_of(competition), pk=draw_pk)
        with state_conflicts("competition_not_under_review", "draw_done", "draw_inputs_changed"):
            draw = draw_run(draw=draw, actor=request.user)
        return Response(DrawSerializer(draw).data)


class DrawFileView(ApiMixin, GenericAPIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="The draw's published file: inputs, hashes and (once revealed) seed and pairs",
                   responses={200: dict, **errors(404)})
    def get(self, request, pk, draw_pk):
        draw = visible_or_404(draws_of(competition_or_404(request, pk)), pk=draw_pk)
        return Response(draw_public_file(draw))


