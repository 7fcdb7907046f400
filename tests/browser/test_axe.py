"""axe-core (WCAG 2.1 AA) on the pages of wide tables, charts and the ranking before publication, in Kazakh and
Russian at 1280 and 360 px: no serious or critical violation, no horizontal overflow at 360 px.

axe-core comes from npm into ``.cache/axe`` (``make axe``), never from a CDN; without it the test is skipped.
"""

from pathlib import Path

import pytest

from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application

AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                                         "best-practice"]}});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def world(official):
    frozen = ranked_competition(weights=("1", "2"), total_budget="3000000", pass_threshold="10",
                                title_kk="Жастар бастамалары", title_ru="Молодёжные инициативы", body=official.body)
    published = ranked_competition(weights=("1", "1"), total_budget="2000000", pass_threshold="8",
                                   title_kk="Таза аула", title_ru="Чистый двор", body=official.body)
    for competition in (frozen, published):
        for name, scores in [("Жастар ұйымы", [[8, 9], [9, 9]]), ("Өрлеу қоры", [[6, 6], [7, 6]]),
                             ("Союз волонтёров", [[3, 3], [2, 4]])]:
            scored_application(competition, scores, organization=f.OrganizationFactory(name=name),
                               title=f"Жоба: {name} — ұзын атау, ол кестеде бірнеше жолға бөлінеді",
                               requested="1500000")
        ranking_freeze(competition=competition, actor=official.user)
    results_publish(competition=published, actor=official.user)
    return frozen, published


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_and_no_overflow_at_360(_playwright_browser, live_server, login):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: make axe")
    official = f.OfficialMembershipFactory(role="manager")
    frozen, published = world(official)
    pages = [f"/competitions/{published.reference}/results/", f"/manage/ranking/{frozen.reference}/",
             f"/manage/review/{frozen.reference}/", f"/manage/applications/{frozen.reference}/", "/experts/",
             "/dashboard/"]
    # axe is injected as an inline script: the portal's CSP would refuse it, so this context bypasses the CSP.
    context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    login(page, official.user)
    problems = []
    for language in ("kk", "ru"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        official.user.preferred_language = language
        official.user.save(update_fields=["preferred_language"])
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            for path in pages:
                page.goto(live_server.url + path)
                assert page.evaluate("document.documentElement.lang") == language, path
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                for violation in page.evaluate(RUN_AXE):
                    problems.append(f"{language} {width} {path}: {violation}")
                if width == 360:
                    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                    if overflow > 0:
                        problems.append(f"{language} 360 {path}: {overflow} px wider than the screen")
    context.close()
    assert problems == []
