"""The methodology course of onboarding (experts): read the sections, answer the quiz; passing it is recorded
on the expert's register entry and shown to officials building a pool."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.errors import DomainError

from ..experts.course import PASS_PERCENT, course_submit
from ..experts.selectors import course_completion_of, course_questions, course_sections, expert_profile_of
from ..forms.register import CourseQuizForm
from .commission import add_problems


@login_required
@require_http_methods(["GET", "POST"])
def course(request):
    profile = expert_profile_of(request.user)
    if profile is None:
        raise Http404
    form = CourseQuizForm(request.POST if request.method == "POST" else None, questions=course_questions())
    score = None
    if request.method == "POST" and form.is_valid():
        try:
            score, completion = course_submit(expert=profile, answers=form.answers())
        except DomainError as error:
            add_problems(form, error)
        else:
            if completion is not None:
                messages.success(request, _("Course completed with %(score)s%% of right answers.") % {"score": score})
                return redirect("scoring:expert_course")
    return render(request, "experts/course.html", {
        "sections": course_sections(), "form": form, "score": score, "pass_percent": PASS_PERCENT,
        "completion": course_completion_of(profile),
    }, status=400 if form.errors else 200)
