"""A competition, a plan and results are published in Kazakh and in Russian; the refusal names the missing one."""

from datetime import timedelta

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from competitions import services
from competitions.enums import CompetitionStatus
from competitions.services import PublicationRefused
from planning.enums import PlanStatus
from planning.services import plans as plan_services
from planning.services.common import PlanRefused
from tests import factories as f
from tests.planning.helpers import plan_at

pytestmark = pytest.mark.django_db


def draft(**kwargs):
    competition = f.CompetitionFactory(status=CompetitionStatus.DRAFT, published_at=None, **kwargs)
    rubric = f.RubricFactory(competition=competition)
    f.CriterionFactory(rubric=rubric)
    return competition


def test_publishing_a_competition_without_kazakh_names_the_missing_fields():
    competition = draft(title_kk="", description_kk="")
    official = f.OfficialMembershipFactory(body=competition.body).user
    with pytest.raises(PublicationRefused) as refused:
        services.competition_publish(competition=competition, actor=official)
    assert [(field, str(message)) for field, message in refused.value.problems] == [
        ("title_kk", "Fill in “title (Kazakh)”: it is published in Kazakh and in Russian."),
        ("description_kk", "Fill in “description (Kazakh)”: it is published in Kazakh and in Russian.")]
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT


def test_the_refusal_is_in_the_officials_language():
    competition = draft(title_ru="")
    with translation.override("ru"), pytest.raises(PublicationRefused) as refused:
        services.competition_publish(competition=competition, actor=None)
    assert [(field, str(message)) for field, message in refused.value.problems] == [
        ("title_ru", "Заполните поле «название (на русском)»: публикация идёт на казахском и русском языках.")]


def test_with_both_languages_it_publishes():
    competition = draft(title_en="", description_en="")
    services.competition_publish(competition=competition, actor=None)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED


def test_the_api_answers_400_naming_the_field():
    competition = draft(description_ru="")
    official = f.OfficialMembershipFactory(body=competition.body, role="manager").user
    client = APIClient()
    client.force_authenticate(official)
    answer = client.post(f"/api/v1/competitions/{competition.pk}/publish/")
    assert answer.status_code == 400
    assert [p["field"] for p in answer.json()["problems"]] == ["description_ru"]


def test_a_plan_opens_for_proposals_only_with_every_topic_in_kazakh_and_russian():
    plan = plan_at(PlanStatus.DRAFT, items=2)
    plan.items.filter(number=2).update(topic_kk="")
    official = plan.body.official_memberships.first().user
    with pytest.raises(PlanRefused) as refused:
        plan_services.plan_open_proposals(plan=plan, proposals_until=plan_services.local_today() + timedelta(days=20),
                                          actor=official)
    assert [(field, str(message)) for field, message in refused.value.problems] == [
        ("topic_kk", "Item 2: Fill in “topic (Kazakh)”: it is published in Kazakh and in Russian.")]
