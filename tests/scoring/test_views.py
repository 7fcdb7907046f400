"""Pages of the review work: query counts, visibility rules, the builder and the scoring form."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.enums import CompetitionStatus
from scoring import services
from scoring.enums import AssignmentStatus
from scoring.models import Rubric
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(official):
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2,
                                       evaluation_deadline=date(2030, 1, 31))
    rubric = f.RubricFactory(competition=competition, body=body)
    criteria = [f.CriterionFactory(rubric=rubric, order=1, max_score=D(5), step=D("0.5"), comment_required=True),
                f.CriterionFactory(rubric=rubric, order=2, min_score=D(1), max_score=D(9), weight=D(2))]
    return competition, criteria


def _assigned(competition, expert, official, *, declare=True):
    application = f.ApplicationFactory(competition=competition, status="admitted")
    assignment = services.assignment_create(application=application, expert=expert, actor=official)
    if declare:
        services.conflict_declare(assignment=assignment, actor=expert.user, has_conflict=False)
        assignment.refresh_from_db()
    return assignment


@pytest.mark.parametrize("count", [1, 12])
def test_expert_dashboard_query_count(client, django_assert_num_queries, review, official, count):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    for i in range(count):
        _assigned(competition, expert, official, declare=i % 2 == 0)
    client.force_login(expert.user)
    with django_assert_num_queries(8):
        response = client.get(reverse("scoring:review_dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("/declare/") == count // 2


@pytest.mark.parametrize("count", [1, 10])
def test_progress_page_query_count(client, django_assert_num_queries, review, official, count):
    competition, criteria = review
    for _ in range(count):
        expert = f.ExpertProfileFactory()
        assignment = _assigned(competition, expert, official)
        services.evaluation_save_draft(assignment=assignment, actor=expert.user, scores={
            criteria[0].pk: (D(3), "ok"), criteria[1].pk: (D(5), "")})
        services.evaluation_submit(assignment=assignment, actor=expert.user)
    client.force_login(official)
    with django_assert_num_queries(12):
        response = client.get(reverse("scoring:review_overview", kwargs={"reference": competition.reference}))
    assert response.status_code == 200
    assert response.content.decode().count("1 of 2") == count


@pytest.mark.parametrize("count", [1, 15])
def test_expert_register_query_count(client, django_assert_num_queries, official, count):
    for _ in range(count):
        f.ExpertProfileFactory()
    client.force_login(official)
    with django_assert_num_queries(14):
        response = client.get(reverse("scoring:expert_register"), {"language": "ru"})
    assert response.status_code == 200


def test_offered_assignment_hides_the_application_until_declared(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    assignment = _assigned(competition, expert, official, declare=False)
    client.force_login(expert.user)
    score_url = reverse("scoring:score", kwargs={"pk": assignment.pk})
    assert client.get(score_url).status_code == 404
    page = client.get(reverse("scoring:declare", kwargs={"pk": assignment.pk}))
    assert assignment.application.title in page.content.decode()
    assert assignment.application.summary not in page.content.decode()
    response = client.post(reverse("scoring:declare", kwargs={"pk": assignment.pk}),
                           {"has_conflict": "no", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == score_url
    assert client.get(score_url).status_code == 200


def test_recused_expert_cannot_open_or_score(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    assignment = _assigned(competition, expert, official, declare=False)
    client.force_login(expert.user)
    response = client.post(reverse("scoring:declare", kwargs={"pk": assignment.pk}),
                           {"has_conflict": "yes", "conflict_type": "", "note": "", "confirm": "on"})
    assert response.status_code == 400  # type and note required, nothing recorded
    client.post(reverse("scoring:declare", kwargs={"pk": assignment.pk}),
                {"has_conflict": "yes", "conflict_type": "founder", "note": "I founded it", "confirm": "on"})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RECUSED
    assert client.get(reverse("scoring:score", kwargs={"pk": assignment.pk})).status_code == 404


def test_scoring_form_submit_then_read_only(client, review, official):
    competition, (c1, c2) = review
    expert = f.ExpertProfileFactory()
    assignment = _assigned(competition, expert, official)
    client.force_login(expert.user)
    url = reverse("scoring:score", kwargs={"pk": assignment.pk})
    client.get(url)
    response = client.post(url, {"version": 1, f"score_{c1.pk}": "4.5", f"score_{c2.pk}": "", "submit": "1"})
    assert response.status_code == 400  # incomplete: the draft is kept
    content = response.content.decode()
    assert "Score criterion 2" in content or "criterion 2" in content.lower()
    version = response.context["form"].data["version"]
    response = client.post(url, {"version": version, f"score_{c1.pk}": "4.5", f"comment_{c1.pk}": "Clear",
                                 f"score_{c2.pk}": "7", "comment": "Solid", "submit": "1"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.evaluation.total == D("4.5") + 2 * 7
    page = client.get(url)
    assert page.context["read_only"] is True and 'name="submit"' not in page.content.decode()
    assert client.post(url, {"version": 9, f"score_{c1.pk}": "1"}).status_code == 403


def test_autosave_is_version_checked(client, review, official):
    competition, (c1, _c2) = review
    expert = f.ExpertProfileFactory()
    assignment = _assigned(competition, expert, official)
    client.force_login(expert.user)
    url = reverse("scoring:autosave", kwargs={"pk": assignment.pk})
    ok = client.post(url, {"version": 1, f"score_{c1.pk}": "2.5"})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.json()["total"] == "2.5"
    stale = client.post(url, {"version": 1, f"score_{c1.pk}": "3"})
    assert stale.status_code == 409 and stale.json()["stale"] is True
    off = client.post(url, {"version": 2, f"score_{c1.pk}": "2.25"})
    assert off.status_code == 400


def _submit(assignment, criteria, values):
    user = assignment.expert.user
    services.evaluation_save_draft(assignment=assignment, actor=user, scores={
        c.pk: (D(v), "note") for c, v in zip(criteria, values, strict=True)})
    services.evaluation_submit(assignment=assignment, actor=user)


@pytest.mark.parametrize("blind", [False, True])
def test_co_expert_scores_only_after_own_submission_and_never_blind(client, review, official, blind):
    competition, criteria = review
    competition.blind_review = blind
    competition.save()
    first_expert, second_expert = f.ExpertProfileFactory(), f.ExpertProfileFactory()
    first = _assigned(competition, first_expert, official)
    second = services.assignment_create(application=first.application, expert=second_expert, actor=official)
    services.conflict_declare(assignment=second, actor=second_expert.user, has_conflict=False)
    second.refresh_from_db()
    services.evaluation_save_draft(assignment=second, actor=second_expert.user,
                                   scores={criteria[0].pk: (D(1), "secret draft")})
    _submit(first, criteria, ("5", "9"))
    client.force_login(first_expert.user)
    page = client.get(reverse("scoring:score", kwargs={"pk": first.pk}))
    assert "secret draft" not in page.content.decode()  # never another expert's draft
    client.force_login(second_expert.user)
    page = client.get(reverse("scoring:score", kwargs={"pk": second.pk}))
    assert page.context["co_experts"] == []  # not before own submission
    _submit(second, criteria, ("1", "1"))
    page = client.get(reverse("scoring:score", kwargs={"pk": second.pk}))
    assert len(page.context["co_experts"]) == (0 if blind else 1)
    if blind:
        competition.status = CompetitionStatus.RESULTS_PUBLISHED
        competition.save()
        page = client.get(reverse("scoring:score", kwargs={"pk": second.pk}))
        assert len(page.context["co_experts"]) == 1
        assert first_expert.user.email not in page.content.decode()


def test_blind_review_hides_the_applicant(client, review, official):
    competition, _criteria = review
    competition.blind_review = True
    competition.save()
    expert = f.ExpertProfileFactory()
    assignment = _assigned(competition, expert, official)
    client.force_login(expert.user)
    content = client.get(reverse("scoring:score", kwargs={"pk": assignment.pk})).content.decode()
    assert assignment.application.organization.name not in content
    assert assignment.application.organization.bin not in content
    assert assignment.application.title in content


def test_rubric_builder_creates_validates_and_keeps_input(client, official):
    client.force_login(official)
    url = reverse("scoring:rubric_create")
    base = {"name": "Youth grants 2026", "description": "", "criteria-TOTAL_FORMS": "2",
            "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "40"}
    body = official.official_memberships.get().body
    criterion = {"title": "Relevance", "min_score": "0", "max_score": "5", "step": "2", "weight": "1", "ORDER": "2"}
    data = {**base, "body": body.pk, **{f"criteria-0-{k}": v for k, v in criterion.items()}}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The step must divide the range" in response.content.decode()
    assert 'value="Relevance"' in response.content.decode()
    data["criteria-0-step"] = "0.5"
    data.update({"criteria-1-title": "Budget", "criteria-1-min_score": "1", "criteria-1-max_score": "9",
                 "criteria-1-step": "1", "criteria-1-weight": "1.5", "criteria-1-ORDER": "1",
                 "criteria-1-band_from_0": "1", "criteria-1-band_to_0": "3", "criteria-1-band_text_0": "Weak"})
    response = client.post(url, data)
    assert response.status_code == 302
    rubric = Rubric.objects.get(name="Youth grants 2026")
    assert rubric.body == body and not rubric.is_template
    assert list(rubric.criteria.values_list("title", "order")) == [("Budget", 1), ("Relevance", 2)]
    assert rubric.criteria.get(order=1).guidance == [{"from": "1", "to": "3", "text": "Weak"}]
    detail = client.get(reverse("scoring:rubric_detail", kwargs={"pk": rubric.pk}))
    assert detail.context["maximum"] == D("1.5") * 9 + 5


def test_competition_rubric_page_chooses_a_template(client, official):
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    template = Rubric.objects.filter(is_template=True).first()
    client.force_login(official)
    url = reverse("scoring:competition_rubric", kwargs={"reference": competition.reference})
    assert client.get(url).status_code == 200
    assert client.post(url, {"source": template.pk}).status_code == 302
    assert Rubric.objects.get(competition=competition).copied_from == template


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
    assignment = _assigned(competition, expert, official, declare=False)
    services.conflict_declare(assignment=assignment, actor=expert.user, has_conflict=True,
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
