"""The API of monitoring visits (``/api/v1/projects/visits/...``) and results evaluations
(``/api/v1/projects/evaluations/...``): the same reads and writes as the pages.

Reads start from ``projects.selectors_monitoring`` (invisible: 404); a write asks its ``rules`` permission (403),
parses its body with a strict serializer (400 naming the field) and calls one service (a rule: 400; a state that
does not allow it: 409)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.accounts.models import ExpertProfile
from portal.api_common import SignedInMixin, errors, require_perm

from .enums import ChecklistAnswer, VisitRating
from .models import CorrectiveAction, MonitoringVisit, ProjectEvaluation, ProjectEvaluator
from .selectors import projects_for_user
from .selectors_monitoring import (
    actions_for_user,
    evaluation_detail,
    evaluations_for_user,
    inspector_choices,
    seats_of_user,
    visit_detail,
    visits_for_user,
)
from .services import evaluation as evaluations
from .services import monitoring as visits

WRITE_ERRORS = errors(400, 401, 403, 404, 409)
STEP = OpenApiParameter("step", str, OpenApiParameter.PATH, description="The step's name.")


def _managed_project(user, pk):
    """The project ``pk`` the user may see (else 404 naming ``project``) and manage (else 403)."""
    project = projects_for_user(user).filter(pk=pk).first()
    if project is None:
        raise serializers.RowNotFound("project", pk)
    require_perm(user, "projects.manage_project", project)
    return project

class MonitoringVisitAnswerSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=ChecklistAnswer.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MonitoringFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=4000)
    photo_sha256 = serializers.CharField(read_only=True)


class MonitoringCorrectiveActionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open, answered, closed")

    class Meta:
        model = CorrectiveAction
        fields = ["id", "visit", "finding", "text", "due_on", "status", "answer", "answered_at", "closed_at"]


class MonitoringVisitSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="planned, done, actions_open, closed")
    project = serializers.IntegerField(source="project_id", read_only=True)
    inspector = serializers.IntegerField(source="inspector_id", read_only=True)
    answers = serializers.SerializerMethodField()
    findings = MonitoringFindingSerializer(many=True, source="findings.all", read_only=True)
    actions = MonitoringCorrectiveActionSerializer(many=True, source="actions.all", read_only=True)

    class Meta:
        model = MonitoringVisit
        fields = ["id", "project", "template", "inspector", "planned_on", "visited_on", "status", "rating",
                  "summary", "answers", "findings", "actions"]

    def get_answers(self, visit) -> list[dict]:
        return [{"item": a.item_id, "answer": a.answer, "comment": a.comment} for a in visit.answers.all()]


class MonitoringVisitPlanSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    planned_on = serializers.DateField()
    inspector = serializers.IntegerField(help_text="A user: an official of the body or an active expert.")


class MonitoringVisitRecordSerializer(serializers.Serializer):
    answers = MonitoringVisitAnswerSerializer(many=True, required=False, default=list)
    rating = serializers.ChoiceField(choices=VisitRating.choices, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    visited_on = serializers.DateField(required=False, allow_null=True, default=None)


class MonitoringFindingAddSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    photo = serializers.FileField(required=False, help_text="JPEG, PNG or PDF; checked by content")


class MonitoringActionAddSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    due_on = serializers.DateField()
    finding = serializers.IntegerField(required=False, allow_null=True, default=None)


class MonitoringEmptySerializer(serializers.Serializer):
    pass


class MonitoringActionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)


class MonitoringReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


def _parse(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _visit_step(step, visit, request):
    data = _parse(VISIT_STEPS[step], request)
    user = request.user
    if step == "record":
        visits.visit_record(visit=visit, actor=user, rating=data["rating"], summary=data["summary"],
                            visited_on=data["visited_on"],
                            answers={a["item"]: (a["answer"], a["comment"]) for a in data["answers"]})
    elif step == "finding":
        visits.finding_add(visit=visit, text=data["text"], photo=data.get("photo"), actor=user)
    elif step == "action":
        finding = visit.findings.filter(pk=data["finding"]).first() if data["finding"] else None
        if data["finding"] and finding is None:
            raise serializers.RowNotFound("finding", data["finding"])
        visits.action_add(visit=visit, text=data["text"], due_on=data["due_on"], finding=finding, actor=user)
    else:
        visits.visit_complete(visit=visit, actor=user)


VISIT_STEPS = {"record": MonitoringVisitRecordSerializer, "finding": MonitoringFindingAddSerializer,
               "action": MonitoringActionAddSerializer,
               "complete": MonitoringEmptySerializer}


@extend_schema_view(list=extend_schema(summary="Monitoring visits the user may see (of their projects, or inspected)"),
                    retrieve=extend_schema(summary="A monitoring visit: checklist answers, findings, actions"))
class VisitViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = MonitoringVisitSerializer

    def get_queryset(self):
        return visits_for_user(self.request.user).prefetch_related("answers", "findings", "actions")

    def get_object(self):
        return visit_detail(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="Plan a monitoring visit (officials of the project's body)",
                   request=MonitoringVisitPlanSerializer,
                   responses={201: MonitoringVisitSerializer, **WRITE_ERRORS})
    def create(self, request):
        data = _parse(MonitoringVisitPlanSerializer, request)
        project = _managed_project(request.user, data["project"])
        inspector = inspector_choices(project).filter(pk=data["inspector"]).first()
        if inspector is None:
            raise serializers.RowNotFound("inspector", data["inspector"])
        visit = visits.visit_plan(project=project, planned_on=data["planned_on"], inspector=inspector,
                                  actor=request.user)
        return Response(MonitoringVisitSerializer(visit_detail(request.user, visit.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="A step of the inspector: record, finding (multipart with photo), action, complete",
                   parameters=[STEP], request=MonitoringVisitRecordSerializer,
                   responses={200: MonitoringVisitSerializer, **WRITE_ERRORS},
                   description="record: answers [{item, answer, comment}], rating, summary, visited_on; finding: "
                   "text, photo; action: text, due_on, finding; complete: no body.")
    @action(detail=True, methods=["post"], url_path=r"do/(?P<step>[a-z]+)",
            parser_classes=[JSONParser, FormParser, MultiPartParser])
    def do(self, request, pk=None, step=None):
        if step not in VISIT_STEPS:
            raise Http404
        visit = self.get_object()
        require_perm(request.user, "projects.inspect_visit", visit)
        _visit_step(step, visit, request)
        return Response(MonitoringVisitSerializer(visit_detail(request.user, visit.pk)).data)


ACTION_STEPS = {
    "answer": ("projects.answer_visit", MonitoringActionAnswerSerializer,
               lambda a, d, u: visits.action_answer(action=a, answer=d["answer"], actor=u)),
    "close": ("projects.curate_visit", MonitoringEmptySerializer,
              lambda a, d, u: visits.action_close(action=a, actor=u)),
    "reopen": ("projects.curate_visit", MonitoringReasonSerializer,
               lambda a, d, u: visits.action_reopen(action=a, reason=d["reason"], actor=u)),
}


@extend_schema_view(list=extend_schema(summary="Corrective actions of the visits the user may see"),
                    retrieve=extend_schema(summary="A corrective action"))
class CorrectiveActionViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = MonitoringCorrectiveActionSerializer

    def get_queryset(self):
        return actions_for_user(self.request.user)

    @extend_schema(summary="Answer (the organisation), close or reopen (the curator) a corrective action",
                   parameters=[STEP], request=MonitoringActionAnswerSerializer,
                   description="answer: answer; close: no body; "
                   "reopen: reason.", responses={200: MonitoringCorrectiveActionSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<step>[a-z]+)")
    def do(self, request, pk=None, step=None):
        if step not in ACTION_STEPS:
            raise Http404
        corrective = self.get_object()
        perm, serializer_class, run = ACTION_STEPS[step]
        require_perm(request.user, perm, corrective.visit)
        run(corrective, _parse(serializer_class, request), request.user)
        corrective.refresh_from_db()
        return Response(MonitoringCorrectiveActionSerializer(corrective).data)


class ResultsScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    verdict = serializers.CharField()


class ResultsEvaluatorSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="assigned, declared, conflict, submitted")
    evaluation = serializers.IntegerField(source="evaluation_id", read_only=True)
    project = serializers.IntegerField(source="evaluation.project_id", read_only=True)
    expert = serializers.IntegerField(source="expert_id", read_only=True)
    scores = ResultsScoreSerializer(many=True, source="scores.all", read_only=True)

    class Meta:
        model = ProjectEvaluator
        fields = ["id", "evaluation", "project", "expert", "status", "conflict_note", "total", "submitted_at",
                  "scores"]


class ResultsEvaluationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="panel, scoring, done, published")
    outcome = serializers.CharField(read_only=True, help_text="successful, satisfactory, unsatisfactory, or empty")
    project = serializers.IntegerField(source="project_id", read_only=True)
    evaluators = serializers.SerializerMethodField()

    class Meta:
        model = ProjectEvaluation
        fields = ["id", "project", "rubric", "status", "total", "outcome", "conclusion", "published_at",
                  "evaluators"]

    def get_evaluators(self, evaluation) -> list[dict]:
        """Each seat with its status; its scores once submitted."""
        return [{"id": s.pk, "expert": s.expert_id, "status": s.status, "total": s.total if s.submitted_at else None}
                for s in evaluation.evaluators.all()]


class ResultsPanelSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    experts = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=20,
                                    help_text="Expert profile ids (two at least)")


class ResultsAddEvaluatorSerializer(serializers.Serializer):
    expert = serializers.IntegerField()


class ResultsPublishSerializer(serializers.Serializer):
    conclusion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def _experts(ids):
    experts = list(ExpertProfile.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {e.pk for e in experts})
    if missing:
        raise serializers.RowNotFound("experts", missing[0])
    return experts


@extend_schema_view(list=extend_schema(summary="Evaluations of results the user may see"),
                    retrieve=extend_schema(summary="An evaluation of results: panel, outcome"))
class EvaluationViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = ResultsEvaluationSerializer

    def get_queryset(self):
        return evaluations_for_user(self.request.user).prefetch_related("evaluators")

    def get_object(self):
        return evaluation_detail(evaluations_for_user(self.request.user), self.kwargs["pk"])

    @extend_schema(summary="Form the evaluation panel (officials of the project's body)",
                   request=ResultsPanelSerializer,
                   responses={201: ResultsEvaluationSerializer, **WRITE_ERRORS})
    def create(self, request):
        data = _parse(ResultsPanelSerializer, request)
        project = _managed_project(request.user, data["project"])
        evaluation = evaluations.evaluation_form_panel(project=project, experts=_experts(data["experts"]),
                                                       actor=request.user)
        return Response(ResultsEvaluationSerializer(self.get_queryset().get(pk=evaluation.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add an evaluator (add: expert) or publish the outcome (publish: conclusion)",
                   parameters=[STEP], request=ResultsPublishSerializer,
                   responses={200: ResultsEvaluationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<step>[a-z]+)")
    def do(self, request, pk=None, step=None):
        if step not in {"add", "publish"}:
            raise Http404
        evaluation = self.get_object()
        require_perm(request.user, "projects.manage_project", evaluation.project)
        if step == "add":
            (expert,) = _experts([_parse(ResultsAddEvaluatorSerializer, request)["expert"]])
            evaluations.evaluation_add_evaluator(evaluation=evaluation, expert=expert, actor=request.user)
        else:
            evaluations.evaluation_publish(evaluation=evaluation, actor=request.user,
                                           conclusion=_parse(ResultsPublishSerializer, request)["conclusion"])
        return Response(ResultsEvaluationSerializer(self.get_object()).data)


class ResultsDeclareSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ResultsScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.DictField(), help_text='{"<criterion id>": {"points": 7, '
                                   '"verdict": "..."}}')


@extend_schema_view(list=extend_schema(summary="The signed-in expert's seats on evaluation panels"),
                    retrieve=extend_schema(summary="A seat: status and scores"))
class EvaluatorViewSet(SignedInMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = ResultsEvaluatorSerializer

    def get_queryset(self):
        return seats_of_user(self.request.user).prefetch_related("scores")

    @extend_schema(summary="declare (has_conflict, note), save (scores) or submit (no body)", parameters=[STEP],
                   request=ResultsScoresSerializer, responses={200: ResultsEvaluatorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"do/(?P<step>[a-z]+)")
    def do(self, request, pk=None, step=None):
        if step not in {"declare", "save", "submit"}:
            raise Http404
        seat = self.get_object()
        require_perm(request.user, "projects.evaluate_project", seat)
        if step == "declare":
            data = _parse(ResultsDeclareSerializer, request)
            evaluations.evaluator_declare(evaluator=seat, has_conflict=data["has_conflict"], note=data["note"],
                                          actor=request.user)
        elif step == "save":
            criteria = list(seat.evaluation.rubric.criteria.all())
            scores = evaluations.parse_scores(criteria, _parse(ResultsScoresSerializer, request)["scores"])
            evaluations.evaluator_save(evaluator=seat, scores=scores, actor=request.user)
        else:
            _parse(MonitoringEmptySerializer, request)
            evaluations.evaluator_submit(evaluator=seat, actor=request.user)
        return Response(ResultsEvaluatorSerializer(self.get_queryset().get(pk=seat.pk)).data)
