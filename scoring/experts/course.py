"""The methodology course of onboarding: sections of text and a short quiz (data, edited in admin). Passing
the quiz records the completion on the expert's register entry (date and score); with the setting
``EXPERT_COURSE_REQUIRED`` a pool refuses experts who have not completed it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError

from ..errors import ProblemsError
from ..models import CourseCompletion
from .selectors import course_questions

PASS_PERCENT = 70  # the share of right answers that completes the course


def course_score(questions, answers):
    """(score in whole percent, problems) for ``answers`` ``{question id (str): option index (str or int)}``."""
    problems, right = [], 0
    for question in questions:
        raw = answers.get(str(question.pk))
        try:
            chosen = int(raw)
        except (TypeError, ValueError):
            chosen = None
        if chosen is None or not 0 <= chosen < len(question.options):
            problems.append((f"q{question.pk}", _("Choose an answer.")))
        elif chosen == question.correct:
            right += 1
    return (round(100 * right / len(questions)) if questions else 0), problems


@transaction.atomic
def course_submit(*, expert, answers, now=None):
    """Check the quiz. Returns ``(score, completion or None)``: the completion is recorded (or its score and
    date updated) when the score reaches PASS_PERCENT; below it the expert reads again and retries."""
    now = now or timezone.now()
    questions = list(course_questions())
    if not questions:
        raise DomainError(_("The course has no quiz yet."), code="course_empty")
    unknown = sorted(set(map(str, answers)) - {str(q.pk) for q in questions})
    score, problems = course_score(questions, answers)
    if unknown:
        problems.append(("answers", _("The quiz has no question %(keys)s.") % {"keys": ", ".join(unknown)}))
    if problems:
        raise ProblemsError(problems)
    if score < PASS_PERCENT:
        return score, None
    completion, _created = CourseCompletion.objects.update_or_create(
        expert=expert, defaults={"completed_at": now, "score": score,
                                 "answers": {str(k): int(v) for k, v in answers.items()}})
    audit.record(actor=expert.user, action="expert_course.completed", target=completion,
                 after={"score": score})
    return score, completion
