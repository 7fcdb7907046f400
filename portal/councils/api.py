"""REST API of public councils: councils and their documents (public), filing (chair or secretary), answers
(the body's officials). Reads start from ``selectors``, writes call ``services``, permissions are ``rules``."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import ApiMixin, errors, named_choice_field, require_perm, require_transition

from . import services
from .enums import COUNCIL_DOCUMENT_TRANSITIONS, CouncilDocumentKind, CouncilDocumentStatus, CouncilRole
from .models import CouncilDocument, CouncilMember
from .selectors import councils_public, documents_public, overdue_q
from .targets import UnknownSubject, is_plain_id, registered, resolve_subject


class CouncilMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    role = named_choice_field("CouncilRole", CouncilRole.choices, read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["name", "role"]

    def get_name(self, member) -> str:
        return member.user.full_name or _("member")


class CouncilSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    body = serializers.IntegerField(source="body_id", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    name = serializers.CharField(read_only=True)
    name_kk = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    members = CouncilMemberSerializer(many=True, read_only=True)
    documents = serializers.IntegerField(source="n_documents", read_only=True)
    overdue_answers = serializers.IntegerField(source="n_overdue", read_only=True)


class CouncilDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    council = serializers.IntegerField(source="council_id", read_only=True)
    kind = named_choice_field("CouncilDocumentKind", CouncilDocumentKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    subject = serializers.SerializerMethodField(help_text=_("What it is about, e.g. planning.plan:3"))
    subject_label = serializers.CharField(source="target_label", read_only=True)
    subject_url = serializers.CharField(source="target_url", read_only=True)
    status = named_choice_field("CouncilDocumentStatus", CouncilDocumentStatus.choices, read_only=True)
    filed_at = serializers.DateTimeField(read_only=True)
    answer_due_on = serializers.DateField(read_only=True, allow_null=True)
    is_overdue = serializers.SerializerMethodField()
    answer_text = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    file_name = serializers.CharField(source="original_name", read_only=True)
    file_sha256 = serializers.CharField(source="sha256", read_only=True)

    def get_subject(self, document) -> str:
        content_type = ContentType.objects.get_for_id(document.target_type_id)
        return f"{content_type.app_label}.{content_type.model}:{document.target_id}"

    def get_is_overdue(self, document) -> bool:
        return document.is_overdue_on(timezone.localdate())


class DocumentFileSerializer(serializers.Serializer):
    kind = named_choice_field("CouncilDocumentKind", CouncilDocumentKind.choices)
    subject = serializers.CharField(max_length=80, help_text=_("A public plan or competition of the council's body, "
                                                               "written as planning.plan:3 or "
                                                               "competitions.competition:12"))
    title = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=services.TEXT_MAX_LENGTH)
    upload = serializers.FileField(required=False, help_text=_("The signed document (PDF, DOCX, XLSX, ODT, JPEG, PNG)"))


class CouncilAnswerSerializer(serializers.Serializer):
    answer_text = serializers.CharField(max_length=services.TEXT_MAX_LENGTH)


def _council_queryset():
    members = CouncilMember.objects.select_related("user").order_by("role", "user__full_name", "id")
    return councils_public().prefetch_related(Prefetch("members", queryset=members))


@extend_schema_view(
    list=extend_schema(summary="Public councils with their members and how many answers are overdue"),
    retrieve=extend_schema(summary="A public council", responses={200: CouncilSerializer, **errors(404)}),
)
class CouncilViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CouncilSerializer
    filterset_fields = ["body"]
    ordering_fields = ["id", "name_ru"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return _council_queryset()

    @extend_schema(summary="File a council document on a plan or competition (the chair or secretary)",
                   request={"multipart/form-data": DocumentFileSerializer, "application/json": DocumentFileSerializer},
                   responses={201: CouncilDocumentSerializer, **errors(400, 401, 403, 404)})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def documents(self, request, pk=None):
        council = self.get_object()
        require_perm(request.user, "councils.file_document", council)
        serializer = DocumentFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            subject = resolve_subject(data["subject"], body_id=council.body_id)
        except UnknownSubject as error:
            raise ValidationError({"subject": [str(error)]}) from None
        document = services.council_document_file(council=council, kind=data["kind"], title=data["title"],
                                                  text=data["text"], subject=subject, upload=data.get("upload"),
                                                  actor=request.user)
        document = documents_public().get(pk=document.pk)
        return Response(CouncilDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CouncilDocumentKind.choices)
    status = django_filters.ChoiceFilter(choices=CouncilDocumentStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Unanswered after the deadline"))
    subject = django_filters.CharFilter(method="filter_subject", label=_("e.g. planning.plan:3"))

    class Meta:
        fields = ["council", "kind", "status", "overdue", "subject"]
        model = CouncilDocument

    def filter_overdue(self, queryset, name, value):
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_subject(self, queryset, name, value):
        model_part, _sep, pk = value.partition(":")
        keys = dict(registered())
        if model_part not in keys or not is_plain_id(pk):
            return queryset.none()
        content_type = ContentType.objects.get_for_model(keys[model_part].model)
        return queryset.filter(target_type=content_type, target_id=int(pk))


@extend_schema_view(
    list=extend_schema(summary="Council documents with the bodies' answers (filter by council, subject, overdue)"),
    retrieve=extend_schema(summary="A council document", responses={200: CouncilDocumentSerializer, **errors(404)}),
)
class CouncilDocumentViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CouncilDocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["filed_at", "answer_due_on", "id"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return documents_public()

    @extend_schema(summary="Answer a council document on behalf of the body (its officials)",
                   request=CouncilAnswerSerializer,
                   responses={200: CouncilDocumentSerializer, **errors(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        document = self.get_object()
        require_perm(request.user, "councils.view_answer_form", document)
        serializer = CouncilAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_transition(table=COUNCIL_DOCUMENT_TRANSITIONS, kind="council document", current=document.status,
                           to=CouncilDocumentStatus.ANSWERED)
        services.council_document_answer(document=document, text=serializer.validated_data["answer_text"],
                                         actor=request.user)
        return Response(CouncilDocumentSerializer(documents_public().get(pk=document.pk)).data)
