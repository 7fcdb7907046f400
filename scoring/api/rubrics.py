"""API of rubrics: templates and body rubrics; a competition's rubric chosen with the competition."""

from decimal import Decimal

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from competitions.api import body_to_act_for, rubric_requested
from portal import api_serializers as serializers
from portal.accounts.models import GovernmentBody
from portal.api_common import SignedInMixin, errors, require_perm, state_conflicts

from ..models import Criterion, Rubric
from ..rubrics import services
from ..rubrics.selectors import rubrics_for_user
from .common import ERRORS


class CriterionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text=_("Give the id to keep a criterion when editing."))
    order = serializers.IntegerField(read_only=True)
    guidance = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text=_('Score bands: [{"from": 0, "to": 3, "text": "..."}].'))
    min_score = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("0"))
    max_score = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("10"))
    step = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=Decimal("1"),
                                    min_value=Decimal("0.01"))
    weight = serializers.DecimalField(max_digits=6, decimal_places=3, required=False, default=Decimal("1"),
                                      min_value=Decimal("0.001"))
    min_required = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True,
                                            default=None)

    class Meta:
        model = Criterion
        fields = ["id", "order", "title", "title_kk", "title_ru", "title_en", "description", "description_kk",
                  "description_ru", "description_en", "guidance", "min_score", "max_score", "step", "weight",
                  "min_required", "comment_required"]

    def validate_guidance(self, bands):
        for band in bands:
            if not {"from", "to", "text"} <= set(band):
                raise ValidationError(_('Each band needs "from", "to" and "text".'))
            try:
                Decimal(str(band["from"]))
                Decimal(str(band["to"]))
            except ArithmeticError as error:
                raise ValidationError(_("Band limits must be numbers.")) from error
        return bands


class RubricSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "name", "description", "is_template", "body", "competition", "version", "previous_version",
                  "copied_from", "suggested_pass_threshold", "is_locked", "locked_at", "criteria", "created_at"]
        read_only_fields = fields


class RubricWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    suggested_pass_threshold = serializers.DecimalField(max_digits=8, decimal_places=2, required=False,
                                                        allow_null=True)
    is_template = serializers.BooleanField(required=False, default=False,
                                           help_text=_("Administrators only: a template every body may copy."))
    body = serializers.PrimaryKeyRelatedField(queryset=GovernmentBody.objects.all(), required=False,
                                              help_text=_("Needed only when you work for several bodies."))
    criteria = CriterionSerializer(many=True, min_length=1, max_length=100)


def _criteria_rows(criteria):
    return [{**row, "guidance": row.get("guidance") or [], "description": row.get("description", "")}
            for row in criteria]


@extend_schema_view(
    list=extend_schema(summary="Rubrics you may use: templates and your body's rubrics (officials)"),
    retrieve=extend_schema(summary="Read a rubric with its criteria", responses={200: RubricSerializer,
                                                                                 **errors(401, 404)}),
    create=extend_schema(summary="Create a rubric (officials; templates: administrators)",
                         request=RubricWriteSerializer, responses={201: RubricSerializer, **errors(400, 401, 403)}),
    partial_update=extend_schema(summary="Change a rubric that no published competition locks",
                                 request=RubricWriteSerializer, responses={200: RubricSerializer, **ERRORS}),
)
class RubricViewSet(SignedInMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = RubricSerializer
    filterset_fields = ["is_template", "body", "competition"]
    ordering_fields = ["name", "version", "created_at"]
    ordering = ["name", "version", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return rubrics_for_user(self.request.user).prefetch_related("criteria")

    def get_serializer_class(self):
        return RubricWriteSerializer if self.action in ("create", "partial_update") else RubricSerializer

    def _answer(self, rubric, code=status.HTTP_200_OK):
        return Response(RubricSerializer(self.get_queryset().get(pk=rubric.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "scoring.add_rubric")
        serializer = RubricWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["is_template"]:
            require_perm(request.user, "scoring.add_rubric_template")
            body = None
        else:
            body = body_to_act_for(request.user, data.get("body"),
                                   choose_message=_("Choose the body the rubric belongs to."))
        rubric = services.rubric_create(name=data["name"], description=data.get("description", ""), body=body,
                                        is_template=data["is_template"], criteria=_criteria_rows(data["criteria"]),
                                        suggested_pass_threshold=data.get("suggested_pass_threshold"),
                                        actor=request.user)
        return self._answer(rubric, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        rubric = self.get_object()
        require_perm(request.user, "scoring.change_rubric", rubric)
        serializer = RubricWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        criteria = data.get("criteria")
        if criteria is not None:
            # The criteria given replace the rubric's: each row whole (its defaults, its required fields), as in
            # create; DRF's partial validation would leave a new row's omitted fields empty.
            rows = CriterionSerializer(data=request.data["criteria"], many=True)
            if not rows.is_valid():
                raise ValidationError({"criteria": rows.errors})
            criteria = rows.validated_data
        else:
            criteria = [{"id": c.pk, **{name: getattr(c, name) for name in services.CRITERION_FIELDS}}
                        for c in rubric.criteria.all()]
        with state_conflicts("rubric_locked"):
            rubric = services.rubric_update(
                rubric=rubric, actor=request.user, name=data.get("name", rubric.name),
                description=data.get("description", rubric.description), criteria=_criteria_rows(criteria),
                suggested_pass_threshold=data.get("suggested_pass_threshold", rubric.suggested_pass_threshold))
        return self._answer(rubric)


@receiver(rubric_requested, dispatch_uid="scoring.api.choose_rubric")
def choose_competition_rubric(sender, competition, rubric_id, actor, **kwargs):
    """``rubric`` sent with a competition: copy that template or body rubric into the competition."""
    source = rubrics_for_user(actor).filter(pk=rubric_id).first()
    if source is None:
        raise ValidationError({"rubric": [_("No such rubric among the templates and your body's rubrics.")]})
    with state_conflicts("competition_not_draft", "rubric_locked"):
        services.competition_rubric_choose(competition=competition, source=source, actor=actor)
