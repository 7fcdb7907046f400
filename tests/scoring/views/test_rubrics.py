"""The rubric builder and a competition's rubric choice (scoring.views.rubrics)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.enums import CompetitionStatus
from scoring.models import Rubric
from tests import factories as f

pytestmark = pytest.mark.django_db


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
    assert rubric.criteria.get(order=1).guidance == [{"from": "1", "to": "3", "text": "Weak", "text_en": "Weak"}]
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


@pytest.mark.parametrize("count", [1, 12])
def test_rubric_list_query_count(client, django_assert_num_queries, official, count):
    body = official.official_memberships.get().body
    for index in range(count):
        rubric = f.RubricFactory(body=body, name=f"Rubric {index}")
        f.CriterionFactory(rubric=rubric, order=1)
        f.RubricFactory(competition=f.CompetitionFactory(body=body), body=body, name=f"Copy {index}")
    client.force_login(official)
    url = reverse("scoring:rubric_list")
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
