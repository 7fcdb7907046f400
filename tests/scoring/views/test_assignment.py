"""The official's review pages: progress, proposals, observers (scoring.views.assignment)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from scoring.assignment.services import conflict_declare
from scoring.evaluation.services import evaluation_save_draft, evaluation_submit
from tests import factories as f
from tests.scoring.views.world import assigned

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 10])
def test_progress_page_query_count(client, django_assert_num_queries, review, official, count):
    competition, criteria = review
    for _ in range(count):
        expert = f.ExpertProfileFactory()
        assignment = assigned(competition, expert, official)
        evaluation_save_draft(assignment=assignment, actor=expert.user, scores={
            criteria[0].pk: (D(3), "ok"), criteria[1].pk: (D(5), "")})
        evaluation_submit(assignment=assignment, actor=expert.user)
    client.force_login(official)
    with django_assert_num_queries(12):
        response = client.get(reverse("scoring:review_overview", kwargs={"reference": competition.reference}))
    assert response.status_code == 200
    assert response.content.decode().count("1 of 2") == count


def test_proposal_flow_in_the_browserless_client(client, review, official):
    competition, _criteria = review
    applications = [f.ApplicationFactory(competition=competition, status="admitted") for _ in range(3)]
    experts = [f.ExpertProfileFactory() for _ in range(3)]
    client.force_login(official)
    pool_url = reverse("scoring:review_pool", kwargs={"reference": competition.reference})
    client.post(pool_url, {"expert": [e.pk for e in experts], "action": "main"})
    response = client.post(reverse("scoring:review_auto", kwargs={"reference": competition.reference}),
                           {"seed": 5, "max_load": 1})
    assert response.status_code == 409 and b"6" in response.content  # 6 slots needed, 3 available
    response = client.post(reverse("scoring:review_auto", kwargs={"reference": competition.reference}),
                           {"seed": 5, "max_load": 2})
    assert response.status_code == 302
    proposal_page = client.get(response["Location"])
    assert proposal_page.status_code == 200 and proposal_page.context["stats"]["pairs"] == 6
    assert client.post(response["Location"], {"due_on": "2030-02-01"}).status_code == 302
    for application in applications:
        assert set(application.assignments.values_list("due_on", flat=True)) == {date(2030, 2, 1)}


def test_observer_never_reads_an_experts_conflict_note(client, review, official):
    competition, _criteria = review
    observer = f.ObserverMembershipFactory(body=competition.body).user
    expert = f.ExpertProfileFactory()
    assignment = assigned(competition, expert, official, declare=False)
    conflict_declare(assignment=assignment, actor=expert.user, has_conflict=True,
                              conflict_type="relative", note="My brother chairs its board")
    page = reverse("scoring:review_application",
                   kwargs={"reference": competition.reference, "pk": assignment.application_id})
    audit = reverse("manage:audit", kwargs={"reference": competition.reference})
    client.force_login(official)
    assert "My brother chairs its board" in client.get(page).content.decode()
    assert "My brother chairs its board" in client.get(audit).content.decode()
    client.force_login(observer)
    for url in (page, audit):
        response = client.get(url)
        assert response.status_code == 200
        assert "My brother chairs its board" not in response.content.decode()


@pytest.mark.parametrize(("name", "data", "field"), [
    ("scoring:review_auto", {"seed": "abc", "max_load": "2"}, "seed"),
    ("scoring:review_auto", {"seed": "1", "max_load": "many"}, "max_load"),
    ("scoring:review_fill", {"seed": "abc"}, "seed"),
])
def test_a_bad_seed_or_load_answers_400_beside_the_field(client, review, official, name, data, field):
    competition, _criteria = review
    f.ApplicationFactory(competition=competition, status="admitted")
    client.force_login(official)
    pool_url = reverse("scoring:review_pool", kwargs={"reference": competition.reference})
    client.post(pool_url, {"expert": [f.ExpertProfileFactory().pk], "action": "main"})
    response = client.post(reverse(name, kwargs={"reference": competition.reference}), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a seed and a maximum load (whole numbers)." in html
    assert f'id="id_{field}_error"' in html or f'aria-describedby="id_{field}_error' in html
    assert not competition.assignment_proposals.exists()


def test_a_bad_seed_for_an_additional_expert_answers_400_with_a_message(client, review, official):
    competition, _criteria = review
    application = f.ApplicationFactory(competition=competition, status="admitted")
    client.force_login(official)
    url = reverse("scoring:review_divergence_add", kwargs={"reference": competition.reference, "pk": application.pk})
    response = client.post(url, {"seed": "abc"})
    assert response.status_code == 400
    assert "The seed must be a whole number from 0 to 2147483647." in response.content.decode()
    assert not application.assignments.exists()


def test_the_pool_page_adds_as_reserve_removes_and_refuses_junk_without_an_error(client, review, official):
    competition, _criteria = review
    experts = [f.ExpertProfileFactory() for _ in range(2)]
    client.force_login(official)
    url = reverse("scoring:review_pool", kwargs={"reference": competition.reference})
    assert client.post(url, {"expert": [e.pk for e in experts], "action": "reserve"}).status_code == 302
    assert set(competition.pool_members.values_list("expert_id", "is_reserve")) == {(e.pk, True) for e in experts}
    assert client.post(url, {"expert": [experts[0].pk], "action": "remove"}).status_code == 302
    assert list(competition.pool_members.values_list("expert_id", flat=True)) == [experts[1].pk]
    response = client.post(url, {"expert": ["abc", "999999"], "action": "main"}, follow=True)
    assert response.status_code == 200
    assert "Tick at least one expert." in response.content.decode()
    assert list(competition.pool_members.values_list("expert_id", flat=True)) == [experts[1].pk]


@pytest.mark.parametrize("count", [1, 8])
def test_pool_page_shows_track_records_in_fixed_queries(client, django_assert_num_queries, review, official, count):
    competition, _criteria = review
    experts = [f.ExpertProfileFactory() for _ in range(count)]
    for expert in experts:
        assigned(competition, expert, official)
    client.force_login(official)
    with django_assert_num_queries(17):  # the same for 1 and 8 experts: 3 of them for the track records
        response = client.get(reverse("scoring:review_pool", kwargs={"reference": competition.reference}))
    assert response.content.decode().count("no evaluations yet") == count

