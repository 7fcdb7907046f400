"""Issue 16 points 5, 6, 7 and 10 in the browser, in Kazakh and Russian at 1280 and 360 px: the pages that show a
state and its actions, the declaration form, the expert's tasks, the collapsed filters on a phone.

Set SHOTS_DIR=/some/dir to save a screenshot of every page at both widths."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from scoring.assignment.services import assignment_create
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU"}


def _shoot(page, name):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, width, overflow)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def as_user(_playwright_browser, live_server):
    contexts = []

    def _open(user, language):
        from tests.factories import PASSWORD

        context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language])
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return page

    yield _open
    for context in contexts:
        context.close()


def _user(language, **kwargs):
    return f.UserFactory(preferred_language=language, email_confirmed_at=timezone.now(), **kwargs)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_ngo_pages_show_true_states_and_collapsed_filters(as_user, live_server, reference_data, language):
    base = live_server.url
    membership = f.MembershipFactory(role="owner", user=_user(language))
    open_competition = f.CompetitionFactory(max_applications_per_organization=1)
    draft = f.ApplicationFactory(competition=open_competition, organization=membership.organization)
    cancelled = f.CompetitionFactory(status=CompetitionStatus.CANCELLED, cancellation_reason="Қаржыландыру қысқарды")
    submitted = f.ApplicationFactory(competition=cancelled, organization=membership.organization,
                                     status=ApplicationStatus.SUBMITTED)
    page = as_user(membership.user, language)
    assert page.locator("html").get_attribute("lang") == language

    page.set_viewport_size({"width": 360, "height": 900})  # a phone loads the page at its own width
    page.goto(f"{base}/competitions/?q=&phase=open&kind=state_grant")
    assert not page.locator("#id_phase").is_visible()  # behind the Filters control
    summary = page.locator(".filters-summary")
    assert summary.is_visible() and "2" in summary.inner_text()
    summary.click()
    assert page.locator("#id_phase").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.locator("#id_phase").is_visible() and not summary.is_visible()
    _shoot(page, f"list-{language}")

    page.goto(f"{base}/competitions/{open_competition.reference}/")
    assert page.locator(".apply-refusals").is_visible()
    assert page.locator(f"a[href='/applications/new/{open_competition.reference}/']").count() == 0
    _shoot(page, f"competition-refusal-{language}")
    page.goto(f"{base}/applications/new/{open_competition.reference}/")
    assert page.locator("main form button[type=submit]").count() == 0
    _shoot(page, f"start-refusal-{language}")

    page.goto(f"{base}/applications/{submitted.pk}/")
    assert "Қаржыландыру қысқарды" in page.content()
    assert page.locator(f"a[href='/applications/{submitted.pk}/withdraw/']").count() == 0
    _shoot(page, f"detail-cancelled-{language}")

    page.goto(f"{base}/applications/{draft.pk}/edit/budget/")
    assert "JavaScript" not in page.content()
    _shoot(page, f"budget-{language}")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_expert_and_official_pages(as_user, live_server, reference_data, language):
    base = live_server.url
    official = f.OfficialMembershipFactory(user=_user(language)).user
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2,
                                       evaluation_deadline=date.today() + timedelta(days=5))
    f.RubricFactory(competition=competition, body=body)
    expert = f.ExpertProfileFactory(user=_user(language))
    application = f.ApplicationFactory(competition=competition, status="admitted")
    done = assignment_create(application=f.ApplicationFactory(competition=competition, status="admitted"),
                             expert=expert, actor=official)
    done.status = "submitted"
    done.save(update_fields=["status"])
    task = assignment_create(application=application, expert=expert, actor=official)
    for _ in range(2):
        assignment_create(application=application, expert=f.ExpertProfileFactory(), actor=official)

    page = as_user(expert.user, language)
    page.goto(f"{base}/review/")
    button = page.locator(f"a.button[href='/review/{task.pk}/declare/']")
    assert button.is_visible()
    assert page.locator(".task-list").bounding_box()["y"] < page.locator("table").bounding_box()["y"]
    _shoot(page, f"expert-tasks-{language}")
    button.click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary").inner_text()
    assert "?:" not in summary and "This field is required" not in summary
    radio = page.locator("#id_has_conflict_0").bounding_box()
    label = page.locator("label[for=id_has_conflict_0] span").bounding_box()
    assert abs(radio["y"] - label["y"]) < 12 and label["x"] > radio["x"]  # on one line, label after the radio
    _shoot(page, f"declare-errors-{language}")

    page = as_user(official, language)
    page.goto(f"{base}/manage/review/{competition.reference}/applications/{application.pk}/")
    assert page.locator("[data-experts-needed]").is_visible()
    assert "---------" not in page.content()
    _shoot(page, f"assignment-{language}")
