"""Browser steps of monitoring visits and the evaluation of results (brief meb), for journeys to reuse.

Each step drives the real pages with a signed-in Playwright page (see ``conftest.login``) and returns what the
next step needs. English labels: use with the ``english`` fixture."""

from tests.applications.helpers import PNG_BYTES


def plan_and_complete_visit(page, base, project, *, inspector, planned_on, answer="partly", rating="satisfactory",
                            finding="Attendance lists are incomplete", action="Complete the attendance lists",
                            due_on=None):
    """An official plans a visit on the project page with ``inspector`` (a user; the official may name themself),
    then, as that inspector on ``page``, answers every checklist item, records a finding with a photo and a
    corrective action (when ``action``), and completes the visit. Returns the visit page's URL."""
    page.goto(f"{base}/projects/{project.pk}/")
    page.get_by_text("Plan a monitoring visit").first.click()
    form = page.locator("#action-visit-plan form")
    form.locator("input[name=planned_on]").fill(planned_on.isoformat())
    form.locator("select[name=inspector]").select_option(str(inspector.pk))
    form.get_by_role("button", name="Plan a monitoring visit").click()
    page.wait_for_url("**/projects/visits/*/")
    url = page.url
    for select in page.locator("#checklist-form select[name^=answer_]").all():
        select.select_option(answer)
    page.locator("#checklist-form select[name=rating]").select_option(rating)
    page.locator("#checklist-form textarea[name=summary]").fill("The activities run, the paperwork lags.")
    page.get_by_role("button", name="Save the checklist").click()
    if finding:
        page.locator("#finding-add summary").click()
        page.locator("#finding-add textarea[name=text]").fill(finding)
        page.locator("#finding-add input[name=photo]").set_input_files(
            {"name": "hall.png", "mimeType": "image/png", "buffer": PNG_BYTES})
        page.locator("#finding-add").get_by_role("button", name="Add a finding").click()
    if action:
        page.locator("#action-add summary").click()
        page.locator("#action-add textarea[name=text]").fill(action)
        page.locator("#action-add input[name=due_on]").fill((due_on or planned_on).isoformat())
        page.locator("#action-add").get_by_role("button", name="Add a corrective action").click()
    page.get_by_role("button", name="Complete the visit").click()
    page.wait_for_load_state()
    return url


def ngo_answer_action(page, visit_url, *, answer="The lists are completed and signed."):
    """The organisation answers the first open corrective action of the visit."""
    page.goto(visit_url)
    page.locator("textarea[name=answer]").first.fill(answer)
    page.get_by_role("button", name="Send the answer").first.click()
    page.wait_for_load_state()


def curator_close_actions(page, visit_url):
    """The curator closes every corrective action still open or answered."""
    page.goto(visit_url)
    while page.get_by_role("button", name="Close the action").count():
        page.get_by_role("button", name="Close the action").first.click()
        page.wait_for_load_state()


def evaluate_project(page, base, project, *, experts, expert_pages, points=(8, 7), conclusion="The aim is reached."):
    """The official (``page``) forms the panel of ``experts``; each expert (on their page) declares no conflict and
    scores every criterion with its points and a verdict; the official publishes. Returns the evaluation's URL."""
    page.goto(f"{base}/projects/{project.pk}/")
    page.get_by_text("Form the evaluation panel").first.click()
    for expert in experts:
        page.locator("#action-evaluation-panel").get_by_label(str(expert.user)).check()
    page.locator("#action-evaluation-panel").get_by_role("button", name="Form the evaluation panel").click()
    page.wait_for_url("**/projects/evaluations/*/")
    url = page.url
    for expert_page in expert_pages:
        expert_page.goto(f"{base}/review/")
        expert_page.locator("#project-evaluations ~ *").get_by_role(
            "link", name="Declare conflict of interest").first.click()
        expert_page.get_by_label("I have no conflict of interest with this organisation").check()
        expert_page.get_by_role("button", name="Declare").click()
        expert_page.wait_for_load_state()
    for expert_page, value in zip(expert_pages, points, strict=True):
        expert_page.goto(f"{base}/review/")
        expert_page.locator("#project-evaluations ~ *").get_by_role("link", name="Score").first.click()
        for field in expert_page.locator("input[name^=points_]").all():
            field.fill(str(value))
        for field in expert_page.locator("textarea[name^=verdict_]").all():
            field.fill("Convincing evidence in the reports and on the visit.")
        expert_page.get_by_role("button", name="Submit the assessment").click()
        expert_page.wait_for_load_state()
    page.goto(url)
    page.locator("#evaluation-publish textarea[name=conclusion]").fill(conclusion)
    page.get_by_role("button", name="Publish the evaluation").click()
    page.wait_for_load_state()
    return url
