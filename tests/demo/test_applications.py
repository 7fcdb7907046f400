"""Demo bids are real submissions: their snapshot has the schema ``application_submit`` gives any bid, and the
official's application page and the expert's scoring page show its texts and budget."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from applications.enums import ApplicationStatus
from applications.models import Application, BudgetLine
from applications.services import application_submit
from portal.accounts.models import User
from portal.templatetags.portal_tags import money
from scoring.enums import EXPERT_CAN_READ
from scoring.models import Assignment
from tests.applications.helpers import fill_application, ngo_with_application


def key_shape(value):
    """The keys of a JSON value, recursively (list items must all have the same shape)."""
    if isinstance(value, dict):
        return {key: key_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        shapes = [key_shape(item) for item in value]
        assert all(shape == shapes[0] for shape in shapes), shapes
        return shapes[:1]
    return None


@pytest.fixture
def reference_snapshot(demo):
    """The snapshot of a bid submitted in this test through ``application_submit``."""
    user, application = ngo_with_application()
    fill_application(application)
    return application_submit(application=application, actor=user).snapshot


def submitted_demo_bids():
    return list(Application.objects.exclude(status=ApplicationStatus.DRAFT).select_related("competition")
                .order_by("pk"))


def snapshot_texts(application):
    fields = application.snapshot["fields"]
    return [escape(fields["title"]), escape(fields["summary"]), money(fields["requested_amount"]),
            *[escape(line["description"]) for line in application.snapshot["budget_lines"]]]


def test_every_demo_snapshot_has_the_schema_of_a_real_submission(demo, reference_snapshot):
    expected = key_shape(reference_snapshot)
    assert all(expected[key] for key in ("activities", "indicators", "budget_lines", "attachments"))
    bids = submitted_demo_bids()
    assert len(bids) == 27  # 19, and 8 in the competitions of the portfolio
    for application in bids:
        assert key_shape(application.snapshot) == expected, application.registration_number
        snapshot = application.snapshot
        assert snapshot["format"] == reference_snapshot["format"]
        assert snapshot["competition"]["reference"] == application.competition.reference
        assert snapshot["fields"]["requested_amount"] == str(application.requested_amount)
        assert [a["sha256"] for a in snapshot["attachments"]] == [a.sha256 for a in application.attachments.all()]


def test_the_official_sees_every_demo_snapshot(demo, client):
    client.force_login(User.objects.get(email="official@example.kz"))
    for application in submitted_demo_bids():
        page = client.get(reverse("manage_applications:detail", kwargs={"pk": application.pk}))
        assert page.status_code == 200
        html = page.content.decode()
        assert "No snapshot was stored" not in html
        for text in snapshot_texts(application):
            assert text in html, (application.registration_number, text)
        assert money(application.snapshot["budget_totals"]["total"]) in html


def test_experts_see_the_snapshot_of_every_bid_they_may_read(demo, client):
    assignments = list(Assignment.objects.filter(status__in=EXPERT_CAN_READ)
                       .select_related("expert__user", "application").order_by("pk"))
    assert len(assignments) == 2 * 3 * 3 + 3 + 2 * 8  # 3 ranked + 3 under review + the portfolio's 8 bids
    for assignment in assignments:
        client.force_login(assignment.expert.user)
        page = client.get(reverse("scoring:score", kwargs={"pk": assignment.pk}))
        assert page.status_code == 200
        html = page.content.decode()
        for text in snapshot_texts(assignment.application):
            assert text in html, (assignment.pk, text)


def test_pages_read_the_snapshot_not_the_live_rows(demo, client):
    assignment = Assignment.objects.filter(status__in=EXPERT_CAN_READ).select_related("application").first()
    application = assignment.application
    Application.objects.filter(pk=application.pk).update(title="Live title", summary="Live summary")
    BudgetLine.objects.filter(application=application).delete()
    expected = snapshot_texts(application)

    client.force_login(User.objects.get(email="official@example.kz"))
    official_html = client.get(reverse("manage_applications:detail", kwargs={"pk": application.pk})).content.decode()
    client.force_login(assignment.expert.user)
    expert_html = client.get(reverse("scoring:score", kwargs={"pk": assignment.pk})).content.decode()
    for html in (official_html, expert_html):
        assert "Live title" not in html and "Live summary" not in html
        for text in expected:
            assert text in html
