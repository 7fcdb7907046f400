"""The expert's pages: dashboard, declaration, scoring form, autosave (scoring.views.evaluation)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.enums import CompetitionStatus
from scoring.assignment.services import assignment_create, conflict_declare
from scoring.enums import AssignmentStatus
from scoring.evaluation.services import evaluation_save_draft, evaluation_submit
from scoring.models import Evaluation
from tests import factories as f
from tests.scoring.views.world import assigned

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 12])
def test_expert_dashboard_query_count(client, django_assert_num_queries, review, official, count):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    for i in range(count):
        assigned(competition, expert, official, declare=i % 2 == 0)
    client.force_login(expert.user)
    with django_assert_num_queries(9):  # + the seats on evaluation panels of project results (one query)
        response = client.get(reverse("scoring:review_dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("/declare/") == count // 2


def test_offered_assignment_hides_the_application_until_declared(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    assignment = assigned(competition, expert, official, declare=False)
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
    assignment = assigned(competition, expert, official, declare=False)
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
    assignment = assigned(competition, expert, official)
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
    assignment = assigned(competition, expert, official)
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
    evaluation_save_draft(assignment=assignment, actor=user, scores={
        c.pk: (D(v), "note") for c, v in zip(criteria, values, strict=True)})
    evaluation_submit(assignment=assignment, actor=user)


@pytest.mark.parametrize("blind", [False, True])
def test_co_expert_scores_only_after_own_submission_and_never_blind(client, review, official, blind):
    competition, criteria = review
    competition.blind_review = blind
    competition.save()
    first_expert, second_expert = f.ExpertProfileFactory(), f.ExpertProfileFactory()
    first = assigned(competition, first_expert, official)
    second = assignment_create(application=first.application, expert=second_expert, actor=official)
    conflict_declare(assignment=second, actor=second_expert.user, has_conflict=False)
    second.refresh_from_db()
    evaluation_save_draft(assignment=second, actor=second_expert.user,
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
    assignment = assigned(competition, expert, official)
    client.force_login(expert.user)
    content = client.get(reverse("scoring:score", kwargs={"pk": assignment.pk})).content.decode()
    assert assignment.application.organization.name not in content
    assert assignment.application.organization.bin not in content
    assert assignment.application.title in content


def test_opening_the_scoring_page_writes_nothing_the_first_save_does(client, review, official):
    competition, criteria = review
    expert = f.ExpertProfileFactory()
    assignment = assigned(competition, expert, official)
    Evaluation.objects.filter(assignment=assignment).delete()  # as for an assignment accepted before the change
    client.force_login(expert.user)
    url = reverse("scoring:score", kwargs={"pk": assignment.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert not Evaluation.objects.filter(assignment=assignment).exists()
    response = client.post(url, {"version": "1", "comment": "first words", f"score_{criteria[0].pk}": "2.5",
                                 f"comment_{criteria[0].pk}": "", f"score_{criteria[1].pk}": "",
                                 f"comment_{criteria[1].pk}": ""})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert (evaluation.comment, evaluation.total, evaluation.version) == ("first words", D("2.5"), 2)
