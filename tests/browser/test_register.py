"""In the browser: a person applies to the expert register, an official vets them, they calibrate, and the
official adds them to a pool (their calibration beside them) and assigns them through an observed draw."""

from datetime import date
from decimal import Decimal as D

import pytest

from competitions.enums import CompetitionStatus
from scoring.models import Assignment, AssignmentDraw, CalibrationExercise, ExpertApplication
from tests import factories as f
from tests.browser.test_results import shot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_vet_calibrate_and_be_drawn(browser_page, live_server, login, english, tmp_path, _playwright_browser):
    official = f.OfficialMembershipFactory(role="manager").user
    body = official.official_memberships.get().body
    rubric = f.RubricFactory(body=body)
    f.CriterionFactory(rubric=rubric, order=1, title="Relevance", max_score=D(10))
    f.CriterionFactory(rubric=rubric, order=2, title="Budget", max_score=D(5))
    CalibrationExercise.objects.create(title="Youth media centre", rubric=rubric, application_text="A reference bid.",
                                       reference_scores={"1": "8", "2": "3"})
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=1,
                                       evaluation_deadline=date(2030, 1, 31))
    application = f.ApplicationFactory(competition=competition, status="admitted")
    person = f.UserFactory(full_name="")
    area = f.priority_area()
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF-1.4\n% CV\n%%EOF\n")

    page = browser_page
    page.set_default_timeout(60_000)
    login(page, person)
    page.goto(f"{live_server.url}/experts/apply/")
    page.fill("input[name=full_name]", "Айгерім Сапарова")
    page.set_input_files("input[name=cv]", str(cv))
    page.fill("textarea[name=qualifications]", "PhD; eight years of reviewing social projects.")
    page.check(f"input[name=priority_areas][value='{area.pk}']")
    page.check("input[name=languages][value=kk]")
    page.check("input[name=accept_code]")
    shot(page, "register-apply")
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application is submitted").wait_for()
    submitted = ExpertApplication.objects.get(applicant=person)

    official_page = _playwright_browser.new_context(viewport={"width": 1280, "height": 900},
                                                    locale="en-GB").new_page()
    official_page.set_default_timeout(60_000)
    login(official_page, official)
    official_page.goto(f"{live_server.url}/experts/applications/")
    official_page.get_by_role("link", name="Айгерім Сапарова").click()
    official_page.check("input[name=decision][value=approve]")
    shot(official_page, "register-vetting")
    official_page.get_by_role("button", name="Record the decision").click()
    official_page.get_by_text("The decision is recorded").wait_for()
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.valid_until

    page.goto(f"{live_server.url}/experts/calibration/")
    page.fill("input[name=c1]", "6")
    page.fill("input[name=c2]", "3.5")
    page.get_by_role("button", name="Submit my scores").click()
    page.locator("#result").wait_for()
    assert "-2.000" in page.content() and "1.250" in page.content()
    shot(page, "register-calibration")

    expert = person.expert_profile
    official_page.goto(f"{live_server.url}/manage/review/{competition.reference}/pool/")
    assert "calibration deviation 1.250" in official_page.content()
    official_page.check(f"#cand-{expert.pk}")
    official_page.get_by_role("button", name="Add to the pool").click()
    official_page.goto(f"{live_server.url}/manage/review/{competition.reference}/draw/")
    official_page.get_by_role("button", name="Commit").click()
    official_page.get_by_role("button", name="Run the draw and reveal the seed").click()
    official_page.get_by_role("button", name="Confirm and notify the experts").click()
    official_page.wait_for_load_state()
    assert Assignment.objects.get(application=application).expert == expert
    draw = AssignmentDraw.objects.get()
    official_page.goto(f"{live_server.url}/competitions/{competition.reference}/draw/")
    assert draw.seed in official_page.content() and draw.seed_sha256 in official_page.content()
    shot(official_page, "draw-public")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_course_then_expiry(browser_page, live_server, login, english, _playwright_browser):
    """An included expert takes the methodology course; the official sees "course done" on the pool page; once
    the term ends (the daily task) the expert reads how to renew and the pool page no longer offers them."""
    from datetime import timedelta

    from django.utils import timezone

    from scoring.experts import register
    from scoring.experts.inclusion import inclusions_expire
    from scoring.models import CourseCompletion, CourseQuestion, CourseSection

    official = f.OfficialMembershipFactory(role="manager").user
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=1,
                                       evaluation_deadline=date(2030, 1, 31))
    CourseSection.objects.create(order=1, title_kk="Рубрика", title_ru="Рубрика", title_en="The rubric",
                                 body_kk="Әр критерий бойынша", body_ru="По каждому критерию",
                                 body_en="Score each criterion on its own scale and explain the score.")
    options = [{"kk": "Иә", "ru": "Да", "en": "Yes"}, {"kk": "Жоқ", "ru": "Нет", "en": "No"}]
    CourseQuestion.objects.create(order=1, text_kk="?", text_ru="?", text_en="Is every score explained?",
                                  options=options, correct=0)
    person = f.UserFactory(full_name="Ержан Тілеуов")
    application = ExpertApplication.objects.create(
        applicant=person, full_name="Ержан Тілеуов", qualifications="Reviews", languages=["kk"],
        code_of_conduct_accepted_at=timezone.now())
    register.expert_application_decide(application=application, approve=True, actor=official,
                                       valid_until=timezone.localdate() + timedelta(days=30))
    expert = person.expert_profile

    page = browser_page
    page.set_default_timeout(60_000)
    login(page, person)
    page.goto(f"{live_server.url}/experts/course/")
    page.get_by_text("Score each criterion on its own scale").wait_for()
    page.get_by_label("Yes").check()
    shot(page, "register-course")
    page.get_by_role("button", name="Check my answers").click()
    page.locator("#course-done").wait_for()
    assert CourseCompletion.objects.get(expert=expert).score == 100

    official_page = _playwright_browser.new_context(viewport={"width": 1280, "height": 900},
                                                    locale="en-GB").new_page()
    official_page.set_default_timeout(60_000)
    login(official_page, official)
    pool_url = f"{live_server.url}/manage/review/{competition.reference}/pool/"
    official_page.goto(pool_url)
    assert official_page.locator(f"#cand-{expert.pk}").count() == 1 and "course done 100%" in official_page.content()

    assert inclusions_expire(now=timezone.now() + timedelta(days=31)) == 1
    page.goto(f"{live_server.url}/experts/apply/")
    page.get_by_text("term ended: apply again below to renew").wait_for()
    shot(page, "register-expired")
    official_page.goto(pool_url)
    assert official_page.locator(f"#cand-{expert.pk}").count() == 0
