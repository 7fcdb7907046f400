"""Browser steps of the progress report journey, reusable by a full-journey test: the organisation fills and
submits a report (an indicator, spending per line with an explanation, a photo), the curator returns or accepts
it. Each step starts from the report page and leaves the page on it."""

import re

from tests.applications.helpers import PNG_BYTES


def open_report(page, base, report_pk):
    page.goto(f"{base}/projects/reports/{report_pk}/")


def fill_and_submit_report(page, base, report_pk, *, indicator_actual=None, spending=None, photo=None,
                           narrative="", public_summary="", submit=True):
    """``spending``: {line description: (spent, explanation)}; ``indicator_actual``: {indicator name: actual};
    ``photo``: a file name to upload as a photo (PNG content)."""
    open_report(page, base, report_pk)
    if photo:
        page.get_by_label("Kind of evidence").select_option("photo")
        page.locator('#evidence-form input[type="file"]').set_input_files(
            {"name": photo, "mimeType": "image/png", "buffer": PNG_BYTES})
        page.locator("#evidence-form").get_by_role("button", name="Upload").click()
        page.wait_for_selector(f"#evidence-list >> text={photo}")
    for name, actual in (indicator_actual or {}).items():
        page.get_by_label(f"Actual: {name}").fill(str(actual))
    for description, (spent, explanation) in (spending or {}).items():
        page.get_by_label(f"Spent, KZT: {description}").fill(str(spent))
        page.get_by_label(f"Explanation of the variance: {description}").fill(explanation)
    if narrative:
        page.get_by_label("Narrative").fill(narrative)
    if public_summary:
        page.get_by_label(re.compile("^Public summary")).fill(public_summary)
    page.get_by_role("button", name="Save and submit" if submit else "Save the draft").click()


def curator_return_report(page, base, report_pk, *, reasons):
    open_report(page, base, report_pk)
    page.locator("#report-return textarea").fill("\n".join(reasons))
    page.get_by_role("button", name="Return for correction").click()


def curator_accept_report(page, base, report_pk):
    open_report(page, base, report_pk)
    page.get_by_role("button", name="Accept the report").click()
