from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.enums import AgreementStatus, ProjectStatus, TrancheStatus
from projects.models import Project
from tests import factories as f
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db
D = Decimal


def _post(client, project, action, **data):
    return client.post(reverse("projects:action", kwargs={"pk": project.pk, "action": action}), data)


def test_official_and_organisation_walk_the_agreement_and_a_payment_through_the_pages(client, official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = Project.objects.get()
    client.force_login(official)
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))
    assert page.status_code == 200 and b"action-agreement-create" in page.content
    assert _post(client, project, "agreement-create", schedule="halves").status_code == 302
    assert _post(client, project, "agreement-send").status_code == 302
    client.force_login(ngo)
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))
    assert b"action-agreement-sign-ngo" in page.content and b"action-agreement-send" not in page.content
    assert _post(client, project, "agreement-sign-ngo").status_code == 302
    assert _post(client, project, "agreement-sign-body").status_code == 403  # not the organisation's to do
    client.force_login(official)
    assert _post(client, project, "agreement-sign-body").status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS and project.agreement.status == AgreementStatus.IN_FORCE
    first = project.tranches.get(number=1)
    url = reverse("projects:tranche_action", kwargs={"pk": first.pk, "action": "approve"})
    assert client.post(url).status_code == 302
    url = reverse("projects:tranche_action", kwargs={"pk": first.pk, "action": "pay"})
    assert client.post(url, {"payment_order_number": "", "payment_order_date": ""}).status_code == 400
    assert client.post(url, {"payment_order_number": "PP-7", "payment_order_date": "2026-02-03"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.payment_order_date) == (TrancheStatus.PAID, date(2026, 2, 3))
    page = client.get(reverse("projects:public_detail", kwargs={"pk": project.pk}))
    assert page.status_code == 200
    assert page.context["money"]["disbursed"] == D("750000.00") and page.context["money"]["awarded"] == project.amount


def test_a_refused_action_shows_the_reason_beside_the_form(client, official):
    published_world(official)
    project = Project.objects.get()
    client.force_login(official)
    response = _post(client, project, "fund-lower", amount="1600000", reason="Too much")
    assert response.status_code == 400
    assert "The funded amount must be above zero and below the awarded amount." in response.content.decode()
    response = _post(client, project, "fund-lower", amount="", reason="")
    assert response.status_code == 400 and response.context["failed"] == "fund-lower"
    assert set(response.context["actions"]["fund-lower"][1].errors) == {"amount", "reason"}


def test_who_sees_a_project(client, official):
    _competition, _apps, (ngo, other_ngo, _third) = published_world(official)
    project = Project.objects.get()
    url = reverse("projects:detail", kwargs={"pk": project.pk})
    observer = f.ObserverMembershipFactory(body=project.competition.body).user
    for user, status in [(ngo, 200), (official, 200), (observer, 200), (other_ngo, 404),
                         (f.OfficialMembershipFactory().user, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(observer)
    page = client.get(url)
    assert page.context["actions"] == {} and not page.context["may_manage"]
    assert _post(client, project, "agreement-create", schedule="halves").status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(reverse("projects:public_detail", kwargs={"pk": project.pk})).status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_list_pages_query_counts_do_not_grow(client, official, django_assert_num_queries, count):
    published_world(official, amounts=["100000"] * count, total_budget="1000000")
    assert Project.objects.count() == count
    with django_assert_num_queries(2):
        assert client.get(reverse("projects:public_list")).status_code == 200
    client.force_login(official)
    client.get(reverse("projects:list"))  # warm the session
    with django_assert_num_queries(9):
        assert client.get(reverse("projects:list")).status_code == 200
