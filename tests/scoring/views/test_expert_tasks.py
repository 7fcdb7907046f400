"""Issue 16 points 6 and 7: the conflict-of-interest form says what to choose; the expert's list puts open tasks
first with their deadline and a primary action, finished ones below."""

import pytest
from django.urls import reverse

from competitions.enums import CompetitionStatus
from scoring.assignment.services import assignment_create
from tests import factories as f
from tests.scoring.views.world import assigned

pytestmark = pytest.mark.django_db


def test_open_tasks_come_first_with_deadline_and_button(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    done = assigned(competition, expert, official)
    done.status = "submitted"  # a finished task (scoring itself is tested elsewhere)
    done.save(update_fields=["status"])
    to_declare = assigned(competition, expert, official, declare=False)
    client.force_login(expert.user)
    page = client.get(reverse("scoring:review_dashboard")).content.decode()
    declare_url = reverse("scoring:declare", kwargs={"pk": to_declare.pk})
    assert f'<a class="button" href="{declare_url}">Declare conflict of interest</a>' in page
    assert page.index(declare_url) < page.index("Finished") < page.index(done.application.registration_number)
    assert "Due: <strong>31.01.2030</strong>" in page


def test_cancelled_competition_tasks_are_not_offered(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    assignment = assigned(competition, expert, official, declare=False)
    competition.status = CompetitionStatus.CANCELLED
    competition.save(update_fields=["status"])
    client.force_login(expert.user)
    page = client.get(reverse("scoring:review_dashboard")).content.decode()
    assert reverse("scoring:declare", kwargs={"pk": assignment.pk}) not in page
    assert "Nothing to do now" in page and "(cancelled)" in page


def test_declaration_errors_say_what_to_choose(client, review, official):
    competition, _criteria = review
    expert = f.ExpertProfileFactory()
    assignment = assigned(competition, expert, official, declare=False)
    client.force_login(expert.user)
    url = reverse("scoring:declare", kwargs={"pk": assignment.pk})
    page = client.get(url).content.decode()
    assert "<legend class=\"legend-question\">Do you have a conflict of interest with this applicant?</legend>" in page
    assert '<label for="id_has_conflict_0"><input type="radio" name="has_conflict" value="no"' in page
    response = client.post(url, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose yes or no: do you have a conflict of interest with this applicant?" in page
    assert "Tick the box to confirm that the declaration is true and complete." in page
    assert "This field is required" not in page
    assert '<a href="#id_has_conflict">' in page
    for language in ("kk", "ru"):
        page = client.post(url, {}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "?: " not in page and "?:</" not in page
        assert "This field is required" not in page


def test_summary_label_keeps_a_question_mark_without_colon():
    from portal.templatetags.portal_tags import summary_label

    assert summary_label("Есть ли у вас конфликт интересов?") == "Есть ли у вас конфликт интересов?"
    assert summary_label("Название") == "Название:"


def test_assignment_page_says_how_many_experts_and_offers_a_named_empty_choice(client, review, official):
    competition, _criteria = review  # two experts per application
    experts = [f.ExpertProfileFactory() for _ in range(3)]
    application = None
    for expert in experts:
        assignment = assigned(competition, expert, official, declare=False) if application is None else \
            assignment_create(application=application, expert=expert, actor=official)
        application = assignment.application
    client.force_login(official)
    url = reverse("scoring:review_application", kwargs={"reference": competition.reference, "pk": application.pk})
    page = client.get(url).content.decode()
    assert "Experts on the application: 3 (the competition requires 2): enough." in page
    assert "3 active of 2 needed" not in page
    assert "---------" not in page
    assert "— choose an expert —" in page
    assert 'type="date" name="due_on" value="2030-01-31"' in page  # the default shows in the browser's date input


def test_assignment_page_asks_for_more_experts_when_short(client, review, official):
    competition, _criteria = review
    assignment = assigned(competition, f.ExpertProfileFactory(), official, declare=False)
    client.force_login(official)
    page = client.get(reverse("scoring:review_application", kwargs={
        "reference": competition.reference, "pk": assignment.application_id})).content.decode()
    assert "Experts on the application: 1 of the 2 the competition requires; assign more below." in page
