"""In the browser: a commission meets, approves the frozen ranking with one dissent, the results are published
and the public extract of the protocol (with its sha256) appears beside the results.

Set ``SHOTS_DIR`` to keep screenshots of the pages at 1280 and 360 px.
"""

import pytest

from scoring.commission import services as commission
from scoring.enums import CommissionRole
from scoring.models import CommissionMeeting, MeetingProtocol
from scoring.ranking.services import ranking_freeze
from tests import factories as f
from tests.browser.test_results import shot
from tests.scoring.results_world import ranked_competition, scored_application


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_commission_approves_with_one_dissent_and_the_extract_is_public(browser_page, live_server, login, english):
    page = browser_page
    page.set_default_timeout(60_000)  # a loaded CI machine renders four sealed PDFs on the decision
    competition = ranked_competition(weights=("1",), experts=1, title_en="Rural youth 2026",
                                     title_ru="Сельская молодёжь 2026")
    official = f.OfficialMembershipFactory(body=competition.body, role="manager").user
    scored_application(competition, [[8]], organization=f.OrganizationFactory(name="Жастар ұйымы"))
    scored_application(competition, [[6]], organization=f.OrganizationFactory(name="Өрлеу қоры"))
    ranking_freeze(competition=competition, actor=official)
    board = commission.commission_setup(competition=competition, actor=official)
    commission.commission_member_add(commission=board, user=official, full_name="Серикова Айгуль",
                                     role=CommissionRole.CHAIR, actor=official)
    commission.commission_member_add(commission=board, user=f.UserFactory(), full_name="Петров Иван",
                                     role=CommissionRole.SECRETARY, actor=official)
    commission.commission_member_add(commission=board, user=f.UserFactory(), full_name="Ахметов Ерлан",
                                     actor=official)
    login(page, official)
    page.goto(f"{live_server.url}/manage/commission/{competition.reference}/")
    page.fill("input[name=held_at]", "2026-05-04T10:00")
    page.select_option("select[name=format]", "online")
    page.fill("input[name=livestream_url]", "https://stream.example.kz/live")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_role("button", name="Record attendance").wait_for()
    shot(page, "commission-meeting-scheduled")
    for box in page.locator("input[name=present]").all():
        box.check()
    page.get_by_role("button", name="Record attendance").click()
    page.get_by_role("button", name="Record the decision").wait_for()
    for fieldset in page.locator("form fieldset").all():
        name = fieldset.locator("legend").inner_text()
        choice = "send_back" if "Ахметов" in name else "approve"
        fieldset.locator(f"input[value={choice}]").check()
        if "Ахметов" in name:
            fieldset.locator("textarea").fill("Ерекше пікір: екінші өтінімге үшінші сарапшы керек еді.")
    shot(page, "commission-votes")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The ranking is approved").wait_for()
    meeting = CommissionMeeting.objects.get()
    assert meeting.status == "ranking_approved"
    assert meeting.votes.exclude(dissent="").get().member.full_name == "Ахметов Ерлан"
    assert MeetingProtocol.objects.filter(meeting=meeting, status="done").count() == 2
    shot(page, "commission-decided")
    page.goto(f"{live_server.url}/manage/ranking/{competition.reference}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish the results").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/competitions/{competition.reference}/results/")
    extract = MeetingProtocol.objects.get(meeting=meeting, kind="extract", language="kk+ru")
    assert extract.sha256 in page.content()
    shot(page, "results-with-extract")
    with page.expect_download() as download:
        page.get_by_role("link", name="Extract from the protocol (Қазақша + Русский, PDF)").click()
    assert download.value.suggested_filename.endswith("-extract-kk-ru.pdf")
