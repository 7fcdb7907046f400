"""An expert declares no conflict, scores every criterion and submits, in Chromium."""

from datetime import date
from decimal import Decimal as D

import pytest

from competitions.enums import CompetitionStatus
from scoring.assignment.services import assignment_create
from scoring.enums import AssignmentStatus
from scoring.models import Assignment
from tests import factories as f


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_expert_declares_scores_and_submits(browser_page, live_server, login, english):
    official = f.OfficialMembershipFactory().user
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW,
                                       evaluation_deadline=date(2030, 1, 31))
    rubric = f.RubricFactory(competition=competition, body=body)
    f.CriterionFactory(rubric=rubric, order=1, title="Relevance", max_score=D(5), step=D("0.5"),
                       comment_required=True, guidance=[{"from": "0", "to": "2", "text": "Weak"}])
    f.CriterionFactory(rubric=rubric, order=2, title="Budget", min_score=D(1), max_score=D(9), weight=D(2))
    application = f.ApplicationFactory(competition=competition, status="admitted", title="Youth hub in Kostanay")
    expert = f.ExpertProfileFactory()
    assignment = assignment_create(application=application, expert=expert, actor=official)

    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, expert.user)
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("link", name="Declare conflict of interest").click()
    assert "Youth hub in Kostanay" in page.content()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_label("I confirm that this declaration is true").check()
    page.get_by_role("button", name="Make the declaration").click()
    page.wait_for_url(f"**/review/{assignment.pk}/")

    page.select_option(f"select[name=score_{rubric.criteria.get(order=1).pk}]", "4.5")
    page.fill(f"textarea[name=comment_{rubric.criteria.get(order=1).pk}]", "Clear need, well evidenced.")
    page.select_option(f"select[name=score_{rubric.criteria.get(order=2).pk}]", "7")
    page.fill("textarea[name=comment]", "A solid project.")
    page.wait_for_function("document.querySelector('[data-total]').textContent === '18.5'")
    page.get_by_role("button", name="Submit the evaluation").click()
    page.wait_for_selector("text=Your evaluation is submitted")

    assignment = Assignment.objects.get(pk=assignment.pk)
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.evaluation.total == D("18.5")
    assert page.locator("button[name=submit]").count() == 0
