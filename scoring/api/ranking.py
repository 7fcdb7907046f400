"""API of the ranking: the live ranking, freezing it, publishing results, the public results."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from competitions.enums import COMPETITION_TRANSITIONS, CompetitionStatus
from competitions.models import Competition
from portal import api_serializers as serializers
from portal.api_common import ApiMixin, SignedInMixin, errors, require_perm, require_transition
from portal.audit.services import chain_head_for_scope, scope_of

from ..calc.plain import to_plain
from ..errors import RankingBlocked
from ..ranking import services
from ..ranking.compute import compute_ranking
from ..ranking.selectors import published_snapshot
from .common import ERRORS, MONEY, SCORE, competition_or_404


class RankingRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    registration_number = serializers.CharField()
    organization = serializers.CharField()
    title = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.DecimalField(**SCORE)
    criterion_means = serializers.DictField(child=serializers.DecimalField(**SCORE),
                                            help_text=_("Mean per criterion, keyed by the criterion's order."))
    expert_totals = serializers.ListField(child=serializers.DecimalField(**SCORE))
    divergent = serializers.BooleanField()
    z_score = serializers.DecimalField(allow_null=True, **SCORE)
    requested_amount = serializers.DecimalField(**MONEY)
    outcome = serializers.CharField()
    awarded_amount = serializers.DecimalField(allow_null=True, **MONEY)
    tie_breaks = serializers.ListField(child=serializers.DictField(),
                                       help_text=_("Each tie with a neighbour: the rule that decided and both values."))


class RankingSerializer(serializers.Serializer):
    competition = serializers.IntegerField()
    status = serializers.CharField()
    can_freeze = serializers.BooleanField()
    blockers = serializers.ListField(child=serializers.DictField())
    summary = serializers.DictField()
    rows = RankingRowSerializer(many=True)


def ranking_data(ranking):
    return {
        "competition": ranking.competition.pk,
        "status": ranking.competition.status,
        "can_freeze": ranking.can_freeze,
        "blockers": to_plain(ranking.blockers),
        "summary": to_plain(ranking.summary),
        "rows": [{
            "application": row.application_id, "registration_number": row.registration_number,
            "organization": row.organization, "title": row.title, "rank": row.rank, "score": row.score,
            "criterion_means": {str(k): v for k, v in row.aggregate.criterion_means.items()},
            "expert_totals": list(row.aggregate.totals), "divergent": row.aggregate.divergent,
            "z_score": row.aggregate.z_score, "requested_amount": row.requested_amount,
            "outcome": str(row.outcome), "awarded_amount": row.awarded_amount,
            "tie_breaks": to_plain(row.tie_breaks),
        } for row in ranking.rows],
    }


class SnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competition = serializers.IntegerField(source="competition_id")
    number = serializers.IntegerField()
    sha256 = serializers.CharField()
    frozen_at = serializers.DateTimeField()


class FreezeSerializer(serializers.Serializer):
    divergence_note = serializers.CharField(required=False, allow_blank=True, max_length=4000, help_text=_(
        "How divergent scores without an additional expert were resolved (required when there are any)."))


class RankingView(SignedInMixin, GenericAPIView):
    serializer_class = RankingSerializer

    @extend_schema(summary="The live ranking, computed now from the submitted evaluations (officials)",
                   responses={200: RankingSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        return Response(RankingSerializer(ranking_data(compute_ranking(competition))).data)


class RankingFreezeView(SignedInMixin, GenericAPIView):
    serializer_class = FreezeSerializer

    @extend_schema(summary="Freeze the ranking: a snapshot with its SHA-256; the competition becomes ranked",
                   request=FreezeSerializer, responses={201: SnapshotSerializer, **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        serializer = FreezeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.RANKED)
        require_perm(request.user, "scoring.freeze_ranking", competition)  # the page's permission
        try:
            snapshot = services.ranking_freeze(competition=competition, actor=request.user,
                                               divergence_note=serializer.validated_data.get("divergence_note", ""))
        except RankingBlocked as blocked:
            return Response({"detail": str(blocked), "code": blocked.code, "blockers": to_plain(blocked.blockers)},
                            status=status.HTTP_409_CONFLICT)
        return Response(SnapshotSerializer(snapshot).data, status=status.HTTP_201_CREATED)


class ResultRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField()
    registration_number = serializers.CharField()
    organization = serializers.CharField()
    title = serializers.CharField()
    score = serializers.DecimalField(**SCORE)
    criterion_means = serializers.DictField(child=serializers.DecimalField(**SCORE))
    outcome = serializers.CharField()
    requested_amount = serializers.DecimalField(**MONEY)
    awarded_amount = serializers.DecimalField(allow_null=True, **MONEY)
    tie_breaks = serializers.ListField(child=serializers.DictField())


class ResultsSerializer(serializers.Serializer):
    competition = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    results_published_at = serializers.DateTimeField()
    snapshot = SnapshotSerializer()
    audit_chain_head = serializers.CharField(help_text=_("The hash at the head of the competition's audit chain."))
    summary = serializers.DictField()
    rows = ResultRowSerializer(many=True)


def results_data(competition):
    snapshot = published_snapshot(competition)
    if snapshot is None:
        return None
    data = snapshot.data
    return {
        "competition": competition.pk, "reference": competition.reference, "status": competition.status,
        "results_published_at": competition.results_published_at, "snapshot": snapshot,
        "audit_chain_head": chain_head_for_scope(scope_of(competition.pk)),
        "summary": data.get("summary", {}),
        "rows": [{"rank": row["rank"], "application": row["application_id"],
                  "registration_number": row["registration_number"], "organization": row["organization"],
                  "title": row["title"], "score": row["final_score"], "criterion_means": row["criterion_means"],
                  "outcome": row["outcome"], "requested_amount": row["requested_amount"],
                  "awarded_amount": row["awarded_amount"], "tie_breaks": row["tie_breaks"]}
                 for row in data.get("rows", [])],
    }


class PublishResultsView(SignedInMixin, GenericAPIView):
    serializer_class = ResultsSerializer

    @extend_schema(summary="Publish the results of the frozen ranking; applicants get their outcome", request=None,
                   responses={200: ResultsSerializer, **ERRORS})
    def post(self, request, pk):
        competition = competition_or_404(request, pk)
        require_perm(request.user, "competitions.manage_competition", competition)
        require_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=competition.status,
                           to=CompetitionStatus.RESULTS_PUBLISHED)
        require_perm(request.user, "scoring.publish_results", competition)  # the page's permission
        services.results_publish(competition=competition, actor=request.user)
        competition = Competition.objects.get(pk=competition.pk)
        return Response(ResultsSerializer(results_data(competition)).data)


class ResultsView(ApiMixin, GenericAPIView):
    serializer_class = ResultsSerializer
    permission_classes = [AllowAny]

    @extend_schema(summary="Published results (public, no sign-in): the ranking snapshot and the audit chain head",
                   responses={200: ResultsSerializer, **errors(404)})
    def get(self, request, pk):
        competition = competition_or_404(request, pk)
        data = results_data(competition)
        if data is None:
            raise NotFound(_("The results of this competition are not published."))
        return Response(ResultsSerializer(data).data)
