"""Views of the plans API. Reads start from ``planning.selectors`` (invisible: 404), permissions are the
``planning.*`` rules (visible but not allowed: 403), writes call ``planning.services`` (a rule refused: 400 with
``problems``; the state does not allow it: 409)."""

from decimal import Decimal

import rules
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.accounts.models import GovernmentBody
from portal.accounts.selectors import roles_for_user
from portal.api_common import ApiMixin, SignedInMixin, errors, require_perm, require_transition, state_conflicts

from .. import services
from ..enums import COMMENT_TRANSITIONS, PLAN_TRANSITIONS, PROPOSAL_TRANSITIONS, EvidenceKind, PlanStatus
from ..execution import execution_of
from ..filters import PlanFilter
from ..models import DiscussionComment, PlanItem, PlanVersion, TopicProposal
from ..selectors import (
    comments_for_body,
    own_comments,
    own_proposals,
    plan_items,
    plan_versions,
    plans_followed_by,
    plans_for_user,
    proposals_for_body,
    proposals_public,
    published_comments,
)
from . import serializers as s

# Refusals caused by the present state of a plan, proposal or comment: 409, not 400.
STATE_CODES = ("plan_exists", "plan_approved", "plan_not_approved", "plan_state", "item_withdrawn", "proposals_closed",
               "discussion_closed", "comment_not_published", "item_referenced")
WRITE_ERRORS = errors(400, 401, 403, 404, 409)


def _plan_queryset(user):
    return plans_for_user(user).order_by("-year", "id")


def _body_for_creation(user, body):
    roles = roles_for_user(user)
    if body is not None:
        if not (roles.is_admin or body.pk in roles.official_body_ids):
            raise PermissionDenied(_("You are not an official of this body."))
        return body
    if len(roles.official_body_ids) == 1:
        return GovernmentBody.objects.get(pk=next(iter(roles.official_body_ids)))
    if not roles.official_body_ids and not roles.is_admin:
        raise PermissionDenied(_("Only officials of a government body draft plans."))
    raise ValidationError({"body": [_("Choose the body the plan belongs to.")]})


@extend_schema_view(
    list=extend_schema(summary="Plans of topics (drafts only for their body's officials and observers)"),
    retrieve=extend_schema(summary="A plan of topics", responses={200: s.PlanSerializer, **errors(404)}),
    create=extend_schema(summary="Draft a plan for a budget year (officials)", request=s.PlanWriteSerializer,
                         responses={201: s.PlanSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change a plan's title or introduction before approval",
                                 request=s.PlanWriteSerializer, responses={200: s.PlanSerializer, **WRITE_ERRORS}),
)
class PlanViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["year", "id", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return _plan_queryset(self.request.user)

    def _respond(self, plan, code=status.HTTP_200_OK):
        return Response(s.PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        roles = roles_for_user(request.user)
        if not (roles.is_admin or roles.official_body_ids):
            raise PermissionDenied(_("Only officials of a government body draft plans."))
        serializer = s.PlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body = _body_for_creation(request.user, data.pop("body", None))
        if "year" not in data:
            raise ValidationError({"year": [_("This field is required.")]})
        with state_conflicts(*STATE_CODES):
            plan = services.plan_create(body=body, actor=request.user, **data)
        return self._respond(plan, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        plan = self._managed(request)
        serializer = s.PlanWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with state_conflicts(*STATE_CODES):
            services.plan_update(plan=plan, fields=serializer.validated_data, actor=request.user)
        return self._respond(plan)

    def _managed(self, request):
        plan = self.get_object()
        require_perm(request.user, "planning.manage_plan", plan)
        return plan

    def _move(self, request, serializer_class, to, call):
        plan = self._managed(request)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=PLAN_TRANSITIONS, kind="plan", current=plan.status, to=to)
        with state_conflicts(*STATE_CODES, "languages_missing"):  # the plan's texts: its state, not the request
            call(plan, serializer.validated_data)
        return self._respond(plan)

    @extend_schema(summary="Publish the draft and open it for topic proposals until a date",
                   request=s.OpenProposalsSerializer, responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="open-proposals")
    def open_proposals(self, request, pk=None):
        return self._move(request, s.OpenProposalsSerializer, PlanStatus.PROPOSALS_OPEN, lambda plan, data:
                          services.plan_open_proposals(plan=plan, actor=request.user, **data))

    @extend_schema(summary="Start the public discussion (10 working days or more; every proposal decided)",
                   request=s.StartDiscussionSerializer, responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="start-discussion")
    def start_discussion(self, request, pk=None):
        return self._move(request, s.StartDiscussionSerializer, PlanStatus.IN_DISCUSSION, lambda plan, data:
                          services.plan_start_discussion(plan=plan, actor=request.user, **data))

    @extend_schema(summary="Approve after the discussion: version 1 with the summary of comments and answers",
                   request=s.ApproveSerializer, responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(request, s.ApproveSerializer, PlanStatus.APPROVED, lambda plan, data:
                          services.plan_approve(plan=plan, actor=request.user, **data))


class PlanChildMixin:
    """Views under ``/plans/{id}/``: the plan comes from the caller's selector (else 404)."""

    def get_plan(self):
        if getattr(self, "swagger_fake_view", False):
            return None
        if not hasattr(self, "_plan"):
            self._plan = _plan_queryset(self.request.user).filter(pk=self.kwargs["pk"]).first()
            if self._plan is None:
                raise Http404
        return self._plan

    def paged(self, queryset, serializer_class, **context):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


@extend_schema_view(
    get=extend_schema(summary="The items of a plan with their needs evidence",
                      responses={200: s.PlanItemSerializer(many=True), **errors(404)}),
    post=extend_schema(summary="Add an item (officials; after approval with a reason: a new version)",
                       request=s.PlanItemWriteSerializer, responses={201: s.PlanItemSerializer, **WRITE_ERRORS}),
)
class PlanItemListView(ApiMixin, PlanChildMixin, GenericAPIView):
    serializer_class = s.PlanItemSerializer
    filter_backends = []
    queryset = PlanItem.objects.none()

    def get(self, request, pk):
        return self.paged(plan_items(self.get_plan()), s.PlanItemSerializer)

    def post(self, request, pk):
        plan = self.get_plan()
        require_perm(request.user, "planning.manage_plan", plan)
        serializer = s.PlanItemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        regions, reason = data.pop("regions"), data.pop("reason", "")
        item = services.plan_item_create(plan=plan, fields=data, regions=regions, reason=reason, actor=request.user)
        return Response(s.PlanItemSerializer(plan_items(plan).get(pk=item.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(summary="A plan item", responses={200: s.PlanItemSerializer, **errors(404)}),
    partial_update=extend_schema(summary="Change an item (after approval with a reason: a new version)",
                                 request=s.PlanItemWriteSerializer, responses={200: s.PlanItemSerializer,
                                                                               **WRITE_ERRORS}),
)
class PlanItemViewSet(ApiMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.PlanItemSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        visible = plans_for_user(self.request.user).values("pk")
        return (PlanItem.objects.filter(plan__in=visible).select_related("plan", "priority_area")
                .prefetch_related("regions", "evidence"))

    def _managed(self, request):
        item = self.get_object()
        require_perm(request.user, "planning.manage_plan", item.plan)
        return item

    def _respond(self, item, code=status.HTTP_200_OK):
        return Response(s.PlanItemSerializer(self.get_queryset().get(pk=item.pk)).data, status=code)

    def partial_update(self, request, *args, **kwargs):
        item = self._managed(request)
        serializer = s.PlanItemWriteSerializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        fields = {name: getattr(item, name) for name in services.items.ITEM_FIELDS}
        fields["priority_area"] = item.priority_area
        fields.update({k: v for k, v in data.items() if k in services.items.ITEM_FIELDS})
        regions = data.get("regions", list(item.regions.all()))
        with state_conflicts(*STATE_CODES):
            services.plan_item_update(item=item, fields=fields, regions=regions, reason=data.get("reason", ""),
                                      actor=request.user)
        return self._respond(item)

    @extend_schema(summary="Withdraw an item of an approved plan with a published reason (a new version)",
                   request=s.PlanReasonSerializer, responses={200: s.PlanItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        item = self._managed(request)
        serializer = s.PlanReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts(*STATE_CODES):
            services.plan_item_withdraw(item=item, reason=serializer.validated_data["reason"], actor=request.user)
        return self._respond(item)

    @extend_schema(summary="Attach needs evidence to an item before approval (a link or a file)",
                   request={"multipart/form-data": s.EvidenceWriteSerializer,
                            "application/json": s.EvidenceWriteSerializer},
                   responses={201: s.PlanItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        item = self._managed(request)
        serializer = s.EvidenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts(*STATE_CODES):
            services.evidence_add(item=item, actor=request.user, **serializer.validated_data)
        return self._respond(item, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Topic proposals: decided ones for everyone; undecided for the body and the author",
                      responses={200: s.TopicProposalSerializer(many=True), **errors(404)}),
    post=extend_schema(summary="Propose a topic while the plan accepts proposals (anyone signed in but the body)",
                       request=s.TopicProposalWriteSerializer,
                       responses={201: s.TopicProposalSerializer, **WRITE_ERRORS}),
)
class ProposalListView(ApiMixin, PlanChildMixin, GenericAPIView):
    serializer_class = s.TopicProposalSerializer
    filter_backends = []
    queryset = TopicProposal.objects.none()

    def get(self, request, pk):
        plan = self.get_plan()
        if rules.has_perm("planning.view_plan_internal", request.user, plan):
            queryset = proposals_for_body(plan)
        else:
            queryset = (proposals_public(plan) | own_proposals(request.user, plan))
            queryset = queryset.prefetch_related("regions", "evidence").order_by("submitted_at", "id")
        return self.paged(queryset, s.TopicProposalSerializer)

    def post(self, request, pk):
        plan = self.get_plan()
        require_perm(request.user, "planning.propose_topic", plan)
        serializer = s.TopicProposalWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = [{"kind": EvidenceKind.LINK, "title": link["title"], "url": link["url"]}
                    for link in data.pop("evidence", [])]
        with state_conflicts(*STATE_CODES):
            proposal = services.proposal_submit(plan=plan, fields=data, regions=data.get("regions", []),
                                                organization=data.get("organization"), evidence=evidence,
                                                actor=request.user)
        return Response(s.TopicProposalSerializer(proposals_for_body(plan).get(pk=proposal.pk)).data,
                        status=status.HTTP_201_CREATED)


class ProposalDecideView(SignedInMixin, GenericAPIView):
    serializer_class = s.ProposalDecisionSerializer

    def get_queryset(self):
        visible = plans_for_user(self.request.user).values("pk")
        return TopicProposal.objects.filter(plan__in=visible).select_related("plan")

    @extend_schema(summary="Accept (a new item), merge (into an item) or decline a proposal, with a reason",
                   request=s.ProposalDecisionSerializer, responses={200: s.TopicProposalSerializer, **WRITE_ERRORS})
    def post(self, request, pk):
        proposal = self.get_object()
        require_perm(request.user, "planning.manage_plan", proposal.plan)
        serializer = s.ProposalDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=PROPOSAL_TRANSITIONS, kind="proposal", current=proposal.status,
                           to=serializer.validated_data["decision"])
        with state_conflicts(*STATE_CODES), transaction.atomic():
            services.proposal_decide(proposal=proposal, actor=request.user, **serializer.validated_data)
        return Response(s.TopicProposalSerializer(proposals_for_body(proposal.plan).get(pk=proposal.pk)).data)


@extend_schema_view(
    get=extend_schema(summary="Discussion comments: published ones (with answers); the body sees all, the author "
                              "also their own", responses={200: s.CommentSerializer(many=True), **errors(404)}),
    post=extend_schema(summary="Comment during the public discussion (anyone signed in but the body)",
                       request=s.CommentWriteSerializer, responses={201: s.CommentSerializer, **WRITE_ERRORS}),
)
class CommentListView(ApiMixin, PlanChildMixin, GenericAPIView):
    serializer_class = s.CommentSerializer
    filter_backends = []
    queryset = DiscussionComment.objects.none()

    def get(self, request, pk):
        plan = self.get_plan()
        internal = rules.has_perm("planning.view_plan_internal", request.user, plan)
        if internal:
            queryset = comments_for_body(plan)
        else:
            queryset = (published_comments(plan) | own_comments(request.user, plan)).order_by("submitted_at", "id")
        return self.paged(queryset, s.CommentSerializer, reader=request.user, internal=internal)

    def post(self, request, pk):
        plan = self.get_plan()
        require_perm(request.user, "planning.comment_plan", plan)
        serializer = s.CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts(*STATE_CODES):
            comment = services.comment_submit(plan=plan, actor=request.user, **serializer.validated_data)
        return Response(s.CommentSerializer(comment, context={"reader": request.user}).data,
                        status=status.HTTP_201_CREATED)


class CommentActionMixin:
    def get_queryset(self):
        visible = plans_for_user(self.request.user).values("pk")
        return DiscussionComment.objects.filter(plan__in=visible).select_related("plan", "item", "organization")

    def managed(self, request):
        comment = self.get_object()
        require_perm(request.user, "planning.manage_plan", comment.plan)
        return comment


class CommentModerateView(SignedInMixin, CommentActionMixin, GenericAPIView):
    serializer_class = s.ModerateSerializer

    @extend_schema(summary="Publish or hide a comment (a reason is required to hide; the author reads it)",
                   request=s.ModerateSerializer, responses={200: s.CommentSerializer, **WRITE_ERRORS})
    def post(self, request, pk):
        comment = self.managed(request)
        serializer = s.ModerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=COMMENT_TRANSITIONS, kind="comment", current=comment.status,
                           to=serializer.validated_data["decision"])
        with state_conflicts(*STATE_CODES):
            comment = services.comment_moderate(comment=comment, actor=request.user,
                                                decision=serializer.validated_data["decision"],
                                                reason=serializer.validated_data.get("reason", ""))
        return Response(s.CommentSerializer(comment, context={"internal": True}).data)


class CommentAnswerView(SignedInMixin, CommentActionMixin, GenericAPIView):
    serializer_class = s.CommentAnswerSerializer

    @extend_schema(summary="Answer a published comment: accepted, partly or not accepted, with a reason",
                   request=s.CommentAnswerSerializer, responses={200: s.CommentSerializer, **WRITE_ERRORS})
    def post(self, request, pk):
        comment = self.managed(request)
        serializer = s.CommentAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts(*STATE_CODES):
            comment = services.comment_answer(comment=comment, actor=request.user,
                                              outcome=serializer.validated_data["answer_outcome"],
                                              text=serializer.validated_data["answer_text"])
        return Response(s.CommentSerializer(comment, context={"internal": True}).data)


@extend_schema(summary="The versions of an approved plan, each with its reason, content and SHA-256",
               responses={200: s.VersionSerializer(many=True), **errors(404)})
class VersionListView(ApiMixin, PlanChildMixin, GenericAPIView):
    serializer_class = s.VersionSerializer
    filter_backends = []
    queryset = PlanVersion.objects.none()

    def get(self, request, pk):
        return self.paged(plan_versions(self.get_plan()), s.VersionSerializer)


def _figure(value):
    """A figure as the API writes it: money and scores with two decimals, None as null."""
    if value is None:
        return None
    return f"{value:.2f}" if isinstance(value, Decimal | float | int) else str(value)


def _execution_rows(plan, *, public):
    return [{"item": item.pk, "number": item.number, "topic": item.topic, "amount": item.amount,
             "is_withdrawn": item.is_withdrawn,
             "sources": [{"key": source.key, "title": str(source.title), "rows": [
                 {**row, "figures": {str(label): _figure(value) for label, value in row.get("figures", [])}}
                 for row in rows]}
                 for source, rows in columns]}
            for item, columns in execution_of(plan_items(plan), public=public)]


@extend_schema(summary="The execution of an approved plan: each item followed to its competitions, projects "
                       "(awarded, disbursed) and outcomes. The body's officials and observers also see drafts; "
                       "a plan not yet approved has an empty list.",
               responses={200: s.ExecutionItemSerializer(many=True), **errors(404)})
class PlanExecutionView(ApiMixin, PlanChildMixin, GenericAPIView):
    serializer_class = s.ExecutionItemSerializer
    filter_backends = []
    pagination_class = None  # a plain list, as the schema says
    queryset = PlanItem.objects.none()

    def get(self, request, pk):
        plan = self.get_plan()
        if plan.status != PlanStatus.APPROVED:
            return Response([])  # followed once approved
        public = not plans_followed_by(request.user).filter(pk=plan.pk).exists()
        return Response(s.ExecutionItemSerializer(_execution_rows(plan, public=public), many=True).data)
