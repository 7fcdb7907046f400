"""The plan of topics in a browser: an official drafts a plan, an NGO proposes a topic and comments, the body
decides, moderates and answers, approves the plan, and creates a competition from its item (pre-filled and
linked). Pages are photographed in kk and ru at 1280 and 360 px (``SHOTS_DIR``)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from competitions.models import Competition
from planning.enums import CommentStatus, PlanStatus, ProposalStatus
from planning.models import DiscussionComment, Plan, TopicProposal
from portal.councils import services as councils
from tests import factories as f

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-planning"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def as_user(page, login, user):
    page.context.clear_cookies()
    login(page, user)


def time_passes(plan, **dates):
    Plan.objects.filter(pk=plan.pk).update(**dates)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_plan_from_draft_to_a_competition(browser_page, live_server, login, english, reference_data):
    page, base = browser_page, live_server.url
    body = f.GovernmentBodyFactory(name_en="Internal Policy Department", name_ru="Управление внутренней политики",
                                   name_kk="Ішкі саясат басқармасы")
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    ngo = f.MembershipFactory(organization__name="Youth Media Centre")
    council = f.CouncilFactory(body=body, name_en="Public council of the department")
    secretary = f.UserFactory(full_name="Aigerim Nurlanovna")
    councils.council_member_add(council=council, user=secretary, role="secretary", actor=None)
    today = timezone.localdate()

    # --- the official drafts the plan and its first item -------------------------------------------------------
    as_user(page, login, official)
    page.get_by_role("link", name="New plan").click()
    page.fill("#id_year", str(today.year + 1))
    page.fill("#id_title_kk", "Жастар саясаты тақырыптарының жоспары")
    page.fill("#id_title_ru", "План тем молодёжной политики")
    page.fill("#id_title_en", "Plan of topics for youth policy")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Draft plan saved")
    plan = Plan.objects.get()
    page.get_by_role("link", name="Add an item").click()
    page.fill("#id_topic_kk", "Ауыл жастарының медиасауаттылығы")
    page.fill("#id_topic_en", "Media literacy for rural youth")
    page.fill("#id_topic_ru", "Медиаграмотность сельской молодёжи")
    page.select_option("#id_priority_area", str(f.priority_area().pk))
    page.fill("#id_target_group", "Young people aged 14-29 in rural districts")
    page.check(f"input[name=regions][value='{f.region().pk}']")
    page.fill("#id_amount", "-5")
    page.get_by_role("button", name="Save the item").click()
    assert page.locator(".error-summary").is_visible()
    assert "The amount must be greater than zero." in page.locator(".field-error").first.inner_text()
    page.fill("#id_amount", "12000000")
    page.fill("#id_expected_results", "300 young people trained in 12 villages")
    page.fill("#id_legal_act", "Law on state social order")
    page.get_by_role("button", name="Save the item").click()
    page.wait_for_selector("text=Item added.")
    page.get_by_role("link", name="Publish and open for proposals").click()
    page.fill("#id_proposals_until", today.isoformat())
    page.get_by_role("button", name="Publish and open").click()
    page.wait_for_selector("text=open for topic proposals")

    # --- an NGO proposes a topic with its evidence ----------------------------------------------------------------
    as_user(page, login, ngo.user)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_role("link", name="Propose a topic").click()
    page.select_option("#id_organization", str(ngo.organization.pk))
    page.fill("#id_topic", "Sport for children with disabilities")
    page.select_option("#id_priority_area", str(f.priority_area().pk))
    page.fill("#id_justification", "Four districts have no adapted sport hall.")
    page.fill("#id_evidence_url", "https://stat.gov.kz/halls")
    page.get_by_role("button", name="Send the proposal").click()
    assert "Give the evidence a title." in page.locator(".field-error").first.inner_text()
    page.fill("#id_evidence_title", "Register of sport halls")
    page.get_by_role("button", name="Send the proposal").click()
    page.wait_for_selector("text=Your proposal was sent")
    shoot(page, "plan-proposals-ngo-1280")

    # --- the body accepts it and completes the new item -----------------------------------------------------------
    as_user(page, login, official)
    page.goto(f"{base}/manage/plans/{plan.pk}/proposals/")
    page.get_by_role("link", name="Decide").click()
    page.check("input[name=decision][value=accepted]")
    page.fill("#id_amount", "6000000")
    page.fill("#id_reason", "A real gap in four districts.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Decision recorded")
    proposal = TopicProposal.objects.get()
    assert (proposal.status, proposal.item.number) == (ProposalStatus.ACCEPTED, 2)
    page.goto(f"{base}/manage/plans/{plan.pk}/items/{proposal.item.pk}/")
    page.fill("#id_topic_kk", "Мүмкіндігі шектеулі балаларға арналған спорт")  # published in Kazakh and Russian
    page.fill("#id_topic_ru", "Спорт для детей с инвалидностью")
    page.fill("#id_target_group", "Children with disabilities aged 7-17")
    page.check(f"input[name=regions][value='{f.region().pk}']")
    page.fill("#id_expected_results", "60 children in regular sport")
    page.fill("#id_legal_act", "Akimat decree No. 12")
    page.get_by_role("button", name="Save the item").click()
    page.wait_for_selector("text=Item saved.")

    # --- the proposal window has passed: the public discussion ------------------------------------------------------
    time_passes(plan, proposals_until=today - timedelta(days=1))
    page.goto(f"{base}/manage/plans/{plan.pk}/")
    page.get_by_role("link", name="Start the public discussion").click()
    page.get_by_role("button", name="Start the discussion").click()
    page.wait_for_selector("text=The public discussion has started")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_DISCUSSION and plan.discussion_ends_on > today + timedelta(days=13)

    as_user(page, login, ngo.user)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_role("link", name="Comment on the plan").click()
    page.select_option("#id_item", str(proposal.item.pk))
    page.fill("#id_text", "Please add Arkalyk to the regions.")
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_selector("text=published after moderation")
    comment = DiscussionComment.objects.get()

    as_user(page, login, official)
    page.goto(f"{base}/manage/plans/{plan.pk}/comments/")
    page.get_by_role("link", name="Moderate").click()
    page.check("input[name=decision][value=published]")
    page.get_by_role("button", name="Record the moderation").click()
    page.wait_for_selector("text=Moderation recorded")
    page.get_by_role("link", name="Answer").click()
    page.check("input[name=answer_outcome][value=accepted]")
    page.fill("#id_answer_text", "Arkalyk is added to item 2.")
    page.get_by_role("button", name="Publish the answer").click()
    page.wait_for_selector("text=The answer is published")
    comment.refresh_from_db()
    assert (comment.status, comment.answer_outcome) == (CommentStatus.PUBLISHED, "accepted")

    # --- the discussion is over: approval, then a competition from item 1 -------------------------------------------
    time_passes(plan, discussion_starts_on=today - timedelta(days=20), discussion_ends_on=today - timedelta(days=1))
    page.goto(f"{base}/manage/plans/{plan.pk}/approve/")
    page.fill("#id_decision", "Order No. 45 of the department")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=The plan is approved")
    page.goto(f"{base}/plans/{plan.pk}/")
    assert "Summary of the public discussion" in page.content() and "Arkalyk is added to item 2." in page.content()
    shoot(page, "plan-approved-en-1280")

    page.goto(f"{base}/manage/plans/{plan.pk}/")
    page.get_by_role("link", name="Create a competition").first.click()
    assert page.input_value("#id_title_en") == "Media literacy for rural youth"
    assert page.input_value("#id_total_budget") in ("12000000.00", "12000000")
    assert page.is_checked(f"input[name=regions][value='{f.region().pk}']")
    opens = timezone.localtime() + timedelta(days=3)
    page.fill("#id_opens_at", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (opens + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_min_amount", "1000000")
    page.fill("#id_max_amount", "6000000")
    shoot(page, "competition-from-item-1280")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Before publishing")
    competition = Competition.objects.get()
    assert competition.plan_item == plan.items.get(number=1)

    # --- the council files a recommendation; pages in kk and ru at 1280 and 360 px ---------------------------------
    councils.council_document_file(council=council, kind="recommendation", title="Add a rural topic",
                                   text="Add one more rural topic next year.", subject=plan, actor=secretary)
    pages = {"plan": f"/plans/{plan.pk}/", "versions": f"/plans/{plan.pk}/versions/",
             "execution": f"/plans/{plan.pk}/execution/", "builder": f"/manage/plans/{plan.pk}/",
             "comments": f"/manage/plans/{plan.pk}/comments/", "plans": "/plans/",
             "council": f"/councils/{council.pk}/", "dashboard": "/dashboard/"}
    for language in ("kk", "ru"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in pages.items():
                page.goto(base + path)
                assert page.locator("html").get_attribute("lang") == language
                shoot(page, f"{name}-{language}-{width}")
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": base}])
    page.goto(f"{base}/plans/{plan.pk}/")
    assert "Сводная таблица публичного обсуждения" in page.content()
