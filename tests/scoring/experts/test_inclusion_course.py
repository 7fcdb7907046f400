"""The inclusion term (daily expiry, pools left, renewal) and the methodology course (quiz, completion shown to
officials, EXPERT_COURSE_REQUIRED)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from scoring.assignment import services as assignment_services
from scoring.experts import register
from scoring.experts.course import course_submit
from scoring.experts.inclusion import inclusions_expire
from scoring.experts.selectors import current_experts, lapsed_expert_ids
from scoring.experts.services import pool_add
from scoring.experts.tasks import expire_inclusions
from scoring.models import CourseCompletion, CourseQuestion, CourseSection, PoolMember
from tests import factories as f
from tests.scoring.experts.test_register import apply

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2027, 3, 10, 9, 0))


def included(official, *, until):
    application = apply(f.UserFactory())
    return register.expert_application_decide(application=application, approve=True, actor=official,
                                              valid_until=until, now=NOW - timedelta(days=400))


def test_an_ended_term_is_marked_once_and_the_expert_leaves_pools_not_yet_in_review(official):
    application = included(official, until=date(2027, 3, 9))
    profile = application.applicant.expert_profile
    body = official.official_memberships.get().body
    open_call = f.CompetitionFactory(body=body, status=CompetitionStatus.PUBLISHED)
    in_review = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW)
    pool_add(competition=open_call, experts=[profile], actor=official)
    pool_add(competition=in_review, experts=[profile], actor=official)
    assert lapsed_expert_ids([profile.pk], today=date(2027, 3, 9)) == set()
    assert lapsed_expert_ids([profile.pk], today=date(2027, 3, 10)) == {profile.pk}

    assert inclusions_expire(now=NOW) == 1
    assert inclusions_expire(now=NOW) == 0  # marked once
    application.refresh_from_db()
    profile.refresh_from_db()
    assert application.expired_at == NOW and not profile.is_active
    assert list(PoolMember.objects.filter(expert=profile).values_list("competition_id", flat=True)) == [in_review.pk]
    event = AuditEvent.objects.get(action="expert_application.expired")
    assert event.actor_id is None and event.reason == '@inclusion_expired {"until": "2027-03-09"}'
    assert event.after == {"pools_left": [open_call.pk]}
    removed = AuditEvent.objects.get(action="pool.expert_removed")
    assert removed.reason == event.reason and removed.before == {"expert_id": profile.pk}
    notice = Notification.objects.filter(user=application.applicant).order_by("-id").first()
    assert notice.url == "/experts/apply/" and "2027" in notice.body


def test_the_lapsed_expert_is_not_offered_nor_picked(official, review):
    competition, _criteria, _applications, experts = review
    lapsed = included(official, until=timezone.localdate() - timedelta(days=1)).applicant.expert_profile
    PoolMember.objects.create(competition=competition, expert=lapsed, added_by=official)  # before the term ended
    register_ids = set(current_experts(type(lapsed).objects.all()).values_list("pk", flat=True))
    assert lapsed.pk not in register_ids and {e.pk for e in experts} <= register_ids
    slots, _apps, _forbidden, _index = assignment_services.assignment_inputs(competition=competition)
    assert lapsed.pk not in {slot.id for slot in slots} and len(slots) == 4
    with pytest.raises(DomainError) as refused:
        pool_add(competition=competition, experts=[lapsed], actor=official)
    assert refused.value.code == "pool_refused"


def test_renewal_re_includes(official):
    application = included(official, until=date(2027, 3, 9))
    inclusions_expire(now=NOW)
    application.refresh_from_db()
    register.expert_inclusion_renew(application=application, valid_until=date(2030, 3, 9), actor=official)
    application.refresh_from_db()
    profile = application.applicant.expert_profile
    profile.refresh_from_db()
    assert application.expired_at is None and profile.is_active
    assert lapsed_expert_ids([profile.pk], today=date(2027, 3, 10)) == set()


def test_the_daily_task_is_scheduled():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["expire-expert-inclusions"]["task"] == "scoring.expire_inclusions"
    assert expire_inclusions.name == "scoring.expire_inclusions"


@pytest.fixture
def course():
    CourseSection.objects.create(order=1, title_kk="Бағалау", title_ru="Оценка", body_kk="Мәтін", body_ru="Текст")
    options = [{"kk": "Иә", "ru": "Да", "en": "Yes"}, {"kk": "Жоқ", "ru": "Нет", "en": "No"}]
    return [CourseQuestion.objects.create(order=n, text_kk=f"С{n}", text_ru=f"В{n}", options=options, correct=0)
            for n in (1, 2, 3)]


def test_course_quiz_records_the_completion_from_the_pass_mark(course):
    expert = f.ExpertProfileFactory()
    with pytest.raises(DomainError) as refused:
        course_submit(expert=expert, answers={str(course[0].pk): 0})
    assert sorted(key for key, _m in refused.value.problems) == [f"q{course[1].pk}", f"q{course[2].pk}"]
    score, completion = course_submit(expert=expert, answers={str(q.pk): 1 for q in course})
    assert (score, completion) == (0, None) and not CourseCompletion.objects.exists()
    score, completion = course_submit(expert=expert, answers={str(course[0].pk): 0, str(course[1].pk): 0,
                                                              str(course[2].pk): 0}, now=NOW)
    assert score == 100 and completion.completed_at == NOW and completion.score == 100
    assert AuditEvent.objects.get(action="expert_course.completed").after == {"score": 100}


def test_pools_refuse_experts_without_the_course_when_required(course, official, review, settings):
    competition = review[0]
    newcomer = f.ExpertProfileFactory()
    pool_add(competition=competition, experts=[newcomer], actor=official)  # not required by default
    PoolMember.objects.filter(expert=newcomer).delete()
    settings.EXPERT_COURSE_REQUIRED = True
    with pytest.raises(DomainError) as refused:
        pool_add(competition=competition, experts=[newcomer], actor=official)
    assert "methodology course" in refused.value.message
    course_submit(expert=newcomer, answers={str(q.pk): 0 for q in course})
    assert len(pool_add(competition=competition, experts=[newcomer], actor=official)) == 1


def test_course_page_and_api(course, client):
    expert = f.ExpertProfileFactory()
    client.force_login(expert.user)
    page = client.get("/experts/course/")
    assert page.status_code == 200 and "Бағалау" in page.content.decode()
    response = client.post("/experts/course/", {f"q{course[0].pk}": "0"})
    assert response.status_code == 400 and "course-quiz" in response.content.decode()
    response = client.post("/experts/course/", {f"q{q.pk}": "0" for q in course})
    assert response.status_code == 302 and CourseCompletion.objects.get(expert=expert).score == 100
    data = client.get("/api/v1/experts/course/").json()
    assert [q["options"][0]["kk"] for q in data["questions"]] == ["Иә"] * 3 and "correct" not in data["questions"][0]
    assert data["completion"]["score"] == 100
    response = client.post("/api/v1/experts/course/", {"answers": {str(q.pk): 1 for q in course}},
                           content_type="application/json")
    assert response.json() == {"score": 0, "passed": False, "completion": None}
    response = client.post("/api/v1/experts/course/", {"answers": {"999999": 0}}, content_type="application/json")
    assert response.status_code == 400
    client.force_login(f.UserFactory())
    assert client.get("/experts/course/").status_code == 404
    assert client.post("/api/v1/experts/course/", {"answers": {}}, content_type="application/json").status_code == 403


def test_pool_page_shows_the_course_and_hides_lapsed_experts(course, client, review, official):
    competition, _criteria, _applications, experts = review
    course_submit(expert=experts[0], answers={str(q.pk): 0 for q in course})
    candidate = f.ExpertProfileFactory()
    lapsed = included(official, until=timezone.localdate() - timedelta(days=1)).applicant.expert_profile
    client.force_login(official)
    page = client.get(f"/manage/review/{competition.reference}/pool/").content.decode()
    assert page.count("course done") == 1 and "course not done" in page
    assert str(candidate.user) in page and str(lapsed.user) not in page
