"""API of the methodology course of onboarding: its sections and quiz (anyone signed in reads them; the right
answers are never sent) and the expert's answers (experts only)."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from portal import api_serializers as serializers
from portal.api_common import SignedInMixin, errors, state_conflicts

from ..experts.course import PASS_PERCENT, course_submit
from ..experts.selectors import course_completion_of, course_questions, course_sections, expert_profile_of
from .common import ERRORS


class CourseSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title_kk = serializers.CharField()
    title_ru = serializers.CharField()
    title_en = serializers.CharField()
    body_kk = serializers.CharField()
    body_ru = serializers.CharField()
    body_en = serializers.CharField()


class CourseQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text_kk = serializers.CharField()
    text_ru = serializers.CharField()
    text_en = serializers.CharField()
    options = serializers.ListField(child=serializers.DictField(child=serializers.CharField()),
                                    help_text="each option in kk, ru and en; answer with its position from 0")


class CompletionSerializer(serializers.Serializer):
    completed_at = serializers.DateTimeField()
    score = serializers.IntegerField()


class CourseSerializer(serializers.Serializer):
    sections = CourseSectionSerializer(many=True)
    questions = CourseQuestionSerializer(many=True)
    pass_percent = serializers.IntegerField()
    completion = CompletionSerializer(allow_null=True, help_text="the caller's own completion, if any")


class CourseAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=50),
                                    help_text="option position (from 0) per question id")


class CourseResultSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    completion = CompletionSerializer(allow_null=True)


class CourseView(SignedInMixin, GenericAPIView):
    serializer_class = CourseSerializer
    pagination_class = None

    @extend_schema(summary="The methodology course: sections, quiz questions (without answers), own completion",
                   responses={200: CourseSerializer, **errors(401)})
    def get(self, request):
        profile = expert_profile_of(request.user)
        return Response(CourseSerializer({
            "sections": course_sections(), "questions": course_questions(), "pass_percent": PASS_PERCENT,
            "completion": course_completion_of(profile) if profile else None}).data)

    @extend_schema(summary="Answer the quiz (experts): from the pass mark the completion is recorded; 409 while "
                           "the course has no quiz",
                   request=CourseAnswersSerializer, responses={200: CourseResultSerializer, **ERRORS})
    def post(self, request):
        profile = expert_profile_of(request.user)
        if profile is None:
            raise PermissionDenied  # experts only
        serializer = CourseAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with state_conflicts("course_empty"):
            score, completion = course_submit(expert=profile, answers=serializer.validated_data["answers"])
        return Response(CourseResultSerializer({"score": score, "passed": completion is not None,
                                                "completion": completion}).data)
