"""In the browser: the organisation fills an interim report (an indicator, spending over 10 % with its
explanation, a photo) and submits it; the curator returns it; the organisation resubmits; the curator accepts."""

from decimal import Decimal

import pytest

from projects.enums import ReportStatus
from projects.models import ProgressReport
from tests.browser.project_steps import curator_accept_report, curator_return_report, fill_and_submit_report
from tests.projects.report_world import lines, report_world

D = Decimal


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_interim_report_returned_resubmitted_accepted(_playwright_browser, live_server, login, english, official):
    project, report, ngo, _other = report_world(official)
    _trainers, venues = lines(project)
    base = live_server.url

    def page_of(user):
        context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        return login(context.new_page(), user)

    organisation, body = page_of(ngo), page_of(official)
    over = (venues.amount * D("1.2")).quantize(D("0.01"))
    fill_and_submit_report(organisation, base, report.pk, photo="training.png",
                           indicator_actual={"People trained": "60"},
                           spending={venues.description: (over, "")}, narrative="Two trainings held.",
                           public_summary="60 people trained.")
    assert "explain why" in organisation.content()  # beside the field; the draft is kept
    fill_and_submit_report(organisation, base, report.pk,
                           spending={venues.description: (over, "Venue prices rose in spring")})
    organisation.screenshot(path="/tmp/mea/report-submitted.png", full_page=True)
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    curator_return_report(body, base, report.pk, reasons=["Attendance lists are missing"])
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.RETURNED
    fill_and_submit_report(organisation, base, report.pk, narrative="Two trainings held, lists attached.")
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    curator_accept_report(body, base, report.pk)
    accepted = ProgressReport.objects.get(pk=report.pk)
    assert accepted.status == ReportStatus.ACCEPTED
    assert accepted.snapshot["indicators"][0]["actual"] == "60.00"
    assert accepted.snapshot["spending"][0]["explanation"] == "Venue prices rose in spring"
    assert [e["name"] for e in accepted.snapshot["evidence"]] == ["training.png"]
    body.screenshot(path="/tmp/mea/report-accepted.png", full_page=True)
