"""An official creates, configures and publishes a competition; after the deadline admits one application and
returns another with a reason that the NGO then reads."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from tests import factories as f
from tests.applications.helpers import fill_application

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-officials"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submitted_application(competition, membership):
    application = f.ApplicationFactory(competition=competition, organization=membership.organization)
    fill_application(application)
    return application_services.application_submit(application=application, actor=membership.user)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_runs_a_competition_from_draft_to_admission(browser_page, live_server, login, english):
    page = browser_page
    body = f.GovernmentBodyFactory(name_en="Internal Policy Department", name_ru="Управление внутренней политики")
    official = f.OfficialMembershipFactory(body=body).user
    ngo_a, ngo_b = f.MembershipFactory(), f.MembershipFactory()

    # --- create and configure --------------------------------------------------------------------------------
    login(page, official)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="New competition").click()
    page.select_option("#id_kind", "state_grant")
    page.fill("#id_title_kk", "Жастар бастамаларына гранттар")
    page.fill("#id_title_ru", "Гранты для молодёжных инициатив")
    page.fill("#id_title_en", "Grants for youth initiatives")
    page.fill("#id_description_kk", "Өңірдегі жастар жобаларын қолдау.")
    page.fill("#id_description_ru", "Поддержка молодёжных проектов в регионе.")
    page.select_option("#id_priority_area", str(f.priority_area().pk))
    page.check(f"input[name=regions][value='{f.region().pk}']")
    page.fill("#id_total_budget", "30000000")
    page.fill("#id_min_amount", "1000000")
    page.fill("#id_max_amount", "40000000")  # above the budget: shown beside the field
    page.fill("#id_planned_grants", "6")
    opens = timezone.localtime() + timedelta(hours=1)
    closes = opens + timedelta(days=30)
    page.fill("#id_opens_at", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", closes.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_docs-0-document_type", "charter")
    page.select_option("#id_tie_break_1", "criterion:1")
    page.select_option("#id_tie_break_2", "earlier_submission")
    page.get_by_role("button", name="Save draft").click()
    assert page.locator(".error-summary").is_visible()
    assert "must not exceed the total budget" in page.locator(".field-error").first.inner_text()
    shoot(page, "create-error-1280")
    page.fill("#id_max_amount", "5000000")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Before publishing")
    competition = Competition.objects.get()
    assert competition.status == CompetitionStatus.DRAFT
    assert competition.reference.startswith(f"SZ-{timezone.localdate().year}-")
    assert timezone.localtime(competition.closes_at).strftime("%Y-%m-%dT%H:%M") == closes.strftime("%Y-%m-%dT%H:%M")
    assert "Choose a rubric" in page.content()

    # --- the rubric (chosen on scoring's page; built here with factories), then publish ---------------------
    rubric = f.RubricFactory(competition=competition)
    f.CriterionFactory(rubric=rubric)
    page.reload()
    shoot(page, "detail-draft-1280")
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("button", name="Publish the competition").click()
    page.wait_for_selector("text=is published")
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED

    # --- applications come in; the deadline passes ------------------------------------------------------------
    Competition.objects.filter(pk=competition.pk).update(opens_at=timezone.now() - timedelta(days=2))
    good = submitted_application(competition, ngo_a)
    to_fix = submitted_application(competition, ngo_b)
    Competition.objects.filter(pk=competition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    # --- admission: admit one, return the other with a reason ---------------------------------------------------
    page.goto(f"{live_server.url}/manage/applications/{competition.reference}/admission/")
    # A read writes nothing: the page treats the passed deadline as closed, the first decision (or beat) closes it.
    assert Competition.objects.get().status == CompetitionStatus.PUBLISHED
    shoot(page, "admission-1280")
    page.get_by_role("link", name=good.registration_number).click()
    shoot(page, "application-1280")
    page.get_by_role("button", name="Admit to expert review").click()
    page.wait_for_selector("text=admitted")
    assert Competition.objects.get().status == CompetitionStatus.CLOSED
    page.goto(f"{live_server.url}/manage/applications/application/{to_fix.pk}/")
    page.get_by_role("link", name="Return for correction").click()
    page.select_option("#id_item_1", "documents")
    page.fill("#id_reason_1", "Sign the charter on every page.")
    shoot(page, "return-1280")
    page.get_by_role("button", name="Return and notify the applicant").click()
    page.wait_for_selector("text=returned for correction")
    assert Application.objects.get(pk=good.pk).status == ApplicationStatus.ADMITTED
    returned = Application.objects.get(pk=to_fix.pk)
    assert returned.status == ApplicationStatus.RETURNED
    assert returned.return_reasons == [{"item": "Documents", "reason": "Sign the charter on every page."}]

    # --- 360 px views of the official's pages -------------------------------------------------------------------
    page.set_viewport_size({"width": 360, "height": 800})
    for name, path in [("dashboard", "/dashboard/"), ("detail", f"/manage/competitions/{competition.reference}/"),
                       ("table", f"/manage/applications/{competition.reference}/"),
                       ("audit", f"/manage/competitions/{competition.reference}/audit/"),
                       ("edit", "/manage/competitions/new/")]:
        page.goto(live_server.url + path)
        shoot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in [("dashboard", "/dashboard/"), ("table", f"/manage/applications/{competition.reference}/"),
                       ("audit", f"/manage/competitions/{competition.reference}/audit/")]:
        page.goto(live_server.url + path)
        shoot(page, f"{name}-1280")

    # --- the NGO reads the reason ------------------------------------------------------------------------------
    page.context.clear_cookies()
    login(page, ngo_b.user)
    page.goto(f"{live_server.url}/applications/{to_fix.pk}/")
    assert "Sign the charter on every page." in page.content()
    shoot(page, "ngo-returned-1280")
    page.goto(f"{live_server.url}/notifications/")
    assert "returned for correction" in page.content()
