"""Read and write serializers of the plans API. Rules are the services'; these only parse and present."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portal import api_serializers as serializers
from portal.accounts.models import GovernmentBody, Organization
from portal.api_common import named_choice_field
from portal.reference.models import PriorityArea, Region

from ..enums import AnswerOutcome, CommentStatus, EvidenceKind, PlanStatus, ProposalStatus
from ..models import DiscussionComment, Evidence, Plan, PlanItem, PlanVersion, TopicProposal
from ..services.items import ITEM_FIELDS
from ..validators import TEXT_MAX_LENGTH


class PlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    status = named_choice_field("PlanStatus", PlanStatus.choices, read_only=True)
    items_count = serializers.IntegerField(source="n_items", read_only=True,
                                           help_text=_("Items not withdrawn"))

    class Meta:
        model = Plan
        fields = ["id", "body", "body_name", "year", "title", "title_kk", "title_ru", "title_en", "description",
                  "status", "proposals_until", "discussion_starts_on", "discussion_ends_on", "approved_at",
                  "current_version", "items_count", "created_at", "updated_at"]
        read_only_fields = fields


class PlanWriteSerializer(serializers.ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=GovernmentBody.objects.all(), required=False,
                                              help_text=_("Needed only when you work for several bodies."))

    class Meta:
        model = Plan
        fields = ["body", "year", "title_kk", "title_ru", "title_en", "description"]
        validators = []  # one plan per body and year: the service says so, naming the year (409)
        extra_kwargs = {"year": {"required": True, "min_value": 2000, "max_value": 2100}}


class EvidenceSerializer(serializers.ModelSerializer):
    kind = named_choice_field("EvidenceKind", EvidenceKind.choices, read_only=True)
    file_name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "kind", "title", "url", "note", "file_name", "size", "sha256", "added_at"]
        read_only_fields = fields


class EvidenceWriteSerializer(serializers.Serializer):
    kind = named_choice_field("EvidenceKind", EvidenceKind.choices)
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    upload = serializers.FileField(required=False, help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG"))


class PlanItemSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "number", "topic", *ITEM_FIELDS, "regions", "withdrawn_at", "withdrawal_reason",
                  "evidence"]
        read_only_fields = fields


class PlanItemWriteSerializer(serializers.ModelSerializer):
    priority_area = serializers.PrimaryKeyRelatedField(queryset=PriorityArea.objects.filter(is_active=True))
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all())
    term_years = serializers.IntegerField(min_value=1, max_value=3)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   help_text=_("Required once the plan is approved: published with the new version."))

    class Meta:
        model = PlanItem
        fields = [*ITEM_FIELDS, "regions", "reason"]


class PlanReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class OpenProposalsSerializer(serializers.Serializer):
    proposals_until = serializers.DateField()


class StartDiscussionSerializer(serializers.Serializer):
    discussion_ends_on = serializers.DateField(help_text=_("At least 10 working days after today."))


class ApproveSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=1000, help_text=_("The approving act, e.g. its number and date."))


class TopicProposalSerializer(serializers.ModelSerializer):
    organization_name = serializers.SerializerMethodField()
    status = named_choice_field("ProposalStatus", ProposalStatus.choices, read_only=True)
    item_number = serializers.IntegerField(source="item.number", read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = TopicProposal
        fields = ["id", "plan", "topic", "priority_area", "justification", "target_group", "regions",
                  "suggested_amount", "organization_name", "status", "decision_reason", "decided_at", "item",
                  "item_number", "submitted_at", "evidence"]
        read_only_fields = fields

    def get_organization_name(self, proposal) -> str:
        return proposal.organization.name if proposal.organization else ""


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=500)


class TopicProposalWriteSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                      allow_null=True,
                                                      help_text=_("Your organisation; empty: as a citizen."))
    topic = serializers.CharField(max_length=300)
    priority_area = serializers.PrimaryKeyRelatedField(queryset=PriorityArea.objects.filter(is_active=True))
    justification = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    target_group = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all(), required=False)
    suggested_amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True,
                                                min_value=Decimal("0.01"))
    evidence = LinkSerializer(many=True, required=False, max_length=5,
                              help_text=_("Links to the evidence of the need (files: on the page)."))


class ProposalDecisionSerializer(serializers.Serializer):
    decision = named_choice_field("ProposalDecisionChoice", [c for c in ProposalStatus.choices
                                                       if c[0] != ProposalStatus.SUBMITTED])
    reason = serializers.CharField(max_length=2000)
    item = serializers.PrimaryKeyRelatedField(queryset=PlanItem.objects.all(), required=False, allow_null=True,
                                              help_text=_("The item a merged proposal joins."))
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True,
                                      min_value=Decimal("0.01"),
                                      help_text=_("The amount of the item an accepted proposal becomes (default: "
                                                  "the suggested amount)."))


class CommentSerializer(serializers.ModelSerializer):
    organization_name = serializers.SerializerMethodField()
    council_member = serializers.SerializerMethodField(help_text=_("Written by a member of the body's public "
                                                                   "council"))
    item_number = serializers.IntegerField(source="item.number", read_only=True, allow_null=True)
    status = named_choice_field("CommentStatus", CommentStatus.choices, read_only=True)
    answer_outcome = serializers.CharField(read_only=True, help_text=_("accepted, partly or not_accepted; empty "
                                                                      "until the body answers"))
    moderation_reason = serializers.SerializerMethodField(help_text=_("Shown to the author and the body"))

    class Meta:
        model = DiscussionComment
        fields = ["id", "plan", "item", "item_number", "text", "organization_name", "council_member", "status",
                  "submitted_at", "moderation_reason", "answer_outcome", "answer_text", "answered_at"]
        read_only_fields = fields

    def get_organization_name(self, comment) -> str:
        return comment.organization.name if comment.organization else ""

    def get_council_member(self, comment) -> bool:
        return comment.council_id is not None

    def get_moderation_reason(self, comment) -> str:
        reader = self.context.get("reader")
        internal = self.context.get("internal", False)
        return comment.moderation_reason if internal or (reader and comment.author_id == reader.pk) else ""


class CommentWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    item = serializers.PrimaryKeyRelatedField(queryset=PlanItem.objects.all(), required=False, allow_null=True,
                                              help_text=_("An item of the plan; empty: the whole plan."))
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                      allow_null=True)


class ModerateSerializer(serializers.Serializer):
    decision = named_choice_field("ModerationDecision", [c for c in CommentStatus.choices
                                                         if c[0] != CommentStatus.SUBMITTED])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   help_text=_("Required when hiding; shown to the author."))


class CommentAnswerSerializer(serializers.Serializer):
    answer_outcome = named_choice_field("AnswerOutcome", AnswerOutcome.choices)
    answer_text = serializers.CharField(max_length=4000)


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["number", "reason", "sha256", "created_at", "snapshot"]
        read_only_fields = fields


class ExecutionRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, required=False)
    figures = serializers.DictField(child=serializers.CharField(allow_null=True), required=False,
                                    help_text=_("Further figures beside the row, e.g. the money disbursed."))


class ExecutionSourceSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("competitions, projects or outcomes"))
    title = serializers.CharField()
    rows = ExecutionRowSerializer(many=True)


class ExecutionItemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    number = serializers.IntegerField()
    topic = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    is_withdrawn = serializers.BooleanField()
    sources = ExecutionSourceSerializer(many=True)
