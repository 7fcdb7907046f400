"""In the browser: a project whose final report is accepted gets a monitoring visit (checklist, a finding with a
photo, a corrective action the organisation answers and the curator closes) and its evaluation of results by a
panel of two experts; the public project page shows the published outcome."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from projects.enums import ActionStatus, EvaluationStatus, VisitStatus
from projects.models import MonitoringVisit
from tests import factories as f
from tests.projects.meb_world import finished_project

from .project_steps_meb import curator_close_actions, evaluate_project, ngo_answer_action, plan_and_complete_visit

SHOTS = Path("/tmp/meb")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visit_and_the_evaluation_of_a_finished_project(_playwright_browser, live_server, login, english,
                                                          official):
    SHOTS.mkdir(exist_ok=True)
    project, ngo = finished_project(official)
    experts = [f.ExpertProfileFactory(), f.ExpertProfileFactory()]
    base = live_server.url

    def page_of(user):
        context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        context.set_default_timeout(15_000)
        return login(context.new_page(), user)

    body = page_of(official)
    visit_url = plan_and_complete_visit(body, base, project, inspector=official,
                                        planned_on=timezone.localdate() + timedelta(days=3))
    body.screenshot(path=str(SHOTS / "visit.png"), full_page=True)
    visit = MonitoringVisit.objects.get()
    assert (visit.status, visit.rating, visit.findings.get().photo_sha256 != "") == (
        VisitStatus.ACTIONS_OPEN, "satisfactory", True)
    ngo_answer_action(page_of(ngo), visit_url)
    assert visit.actions.get().status == ActionStatus.ANSWERED
    curator_close_actions(body, visit_url)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED

    evaluate_project(body, base, project, experts=experts, expert_pages=[page_of(e.user) for e in experts],
                     points=(8, 7))
    project.refresh_from_db()
    evaluation = project.evaluation
    assert (evaluation.status, evaluation.outcome, str(evaluation.total)) == (
        EvaluationStatus.PUBLISHED, "satisfactory", "37.50")  # (40 + 35) / 2 = 37.5 of 50: 75 %, below 80 %
    public = page_of(ngo)
    public.goto(f"{base}/projects/public/{project.pk}/")
    public.screenshot(path=str(SHOTS / "public.png"), full_page=True)
    assert "Satisfactory" in public.locator("#public-outcome").inner_text()
