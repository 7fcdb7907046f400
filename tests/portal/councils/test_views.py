"""Council pages: public list and council, the secretary files (bad input beside the field), the body answers,
overdue recommendations on the official's dashboard and on the competition's public page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from planning.enums import PlanStatus
from portal.councils import services
from portal.councils.models import CouncilDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return f.CouncilFactory()


@pytest.fixture
def secretary(council):
    user = f.UserFactory()
    services.council_member_add(council=council, user=user, role="secretary", actor=None)
    return user


@pytest.fixture
def plan(council):
    return f.PlanFactory(body=council.body, status=PlanStatus.IN_DISCUSSION)


def file(council, secretary, subject, *, days_ago=0):
    return services.council_document_file(council=council, kind="recommendation", title="More rural topics",
                                          text="Add two rural topics.", subject=subject, actor=secretary,
                                          now=timezone.now() - timedelta(days=days_ago))


def test_the_secretary_files_a_document_on_a_plan(client, council, secretary, plan):
    client.force_login(secretary)
    url = reverse("councils:document_new", kwargs={"pk": council.pk})
    page = client.get(url, {"subject": f"planning.plan:{plan.pk}"})
    assert page.context["form"]["subject"].value() == f"planning.plan:{plan.pk}"
    response = client.post(url, {"kind": "recommendation", "subject": f"planning.plan:{plan.pk}",
                                 "title": "More rural topics", "text": "Add two rural topics.",
                                 "upload": SimpleUploadedFile("rec.pdf", b"%PDF-1.4\n%%EOF")})
    document = CouncilDocument.objects.get()
    assert response["Location"] == f"/councils/documents/{document.pk}/"
    assert (document.target, document.filed_by, document.original_name) == (plan, secretary, "rec.pdf")


def test_bad_filing_input_is_shown_beside_each_field(client, council, secretary):
    other_plan = f.PlanFactory(status=PlanStatus.APPROVED, current_version=1)
    client.force_login(secretary)
    response = client.post(reverse("councils:document_new", kwargs={"pk": council.pk}), {
        "kind": "memo", "subject": f"planning.plan:{other_plan.pk}", "title": "", "text": "x",
        "upload": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "subject", "title"}
    assert not CouncilDocument.objects.exists()


def test_a_member_who_is_not_the_secretary_may_not_file(client, council):
    member = f.UserFactory()
    services.council_member_add(council=council, user=member, role="member", actor=None)
    client.force_login(member)
    assert client.get(reverse("councils:document_new", kwargs={"pk": council.pk})).status_code == 403


def test_the_body_answers_once_and_a_second_answer_is_a_conflict(client, council, secretary, plan):
    document = file(council, secretary, plan)
    official = f.OfficialMembershipFactory(body=council.body).user
    client.force_login(official)
    url = reverse("councils:answer", kwargs={"pk": document.pk})
    response = client.post(url, {"answer_text": " "})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["answer_text"]
    assert client.post(url, {"answer_text": "Two rural topics added as items 4 and 5."}).status_code == 302
    document.refresh_from_db()
    assert document.status == "answered"
    assert client.post(url, {"answer_text": "Again"}).status_code == 409
    page = client.get(reverse("councils:document", kwargs={"pk": document.pk})).content.decode()
    assert "Two rural topics added as items 4 and 5." in page


def test_overdue_answers_are_flagged_on_the_dashboard_and_on_the_competition(client, settings, council, secretary):
    settings.COUNCIL_ANSWER_WORKING_DAYS = 2
    competition = f.CompetitionFactory(body=council.body)
    file(council, secretary, competition, days_ago=20)
    official = f.OfficialMembershipFactory(body=council.body).user
    client.force_login(official)
    response = client.get(reverse("dashboard"))
    [panel] = [p for p in response.context["panels"] if p["key"] == "councils_awaiting"]
    assert [(d.title, d.overdue) for d in panel["documents"]] == [("More rural topics", True)]
    assert "1 answer is overdue and shown publicly as overdue." in response.content.decode()
    client.logout()
    page = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert "More rural topics" in page and "Overdue" in page


@pytest.mark.parametrize("count", [1, 6])
def test_council_pages_query_counts(client, django_assert_num_queries, count):
    councils = [f.CouncilFactory() for _index in range(count)]
    council = councils[0]
    for index in range(count):
        user = f.UserFactory()
        services.council_member_add(council=council, user=user, role="secretary" if index == 0 else "member",
                                    actor=None)
        file(council, council.members.get(role="secretary").user,
             f.PlanFactory(body=council.body, status=PlanStatus.PROPOSALS_OPEN))
    for url, queries in ((reverse("councils:list"), 2), (reverse("councils:detail", kwargs={"pk": council.pk}), 4)):
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
